"""Errors that stop a command before any data is read (exit code 2)."""

from __future__ import annotations


class UsageError(Exception):
    """A configuration or usage problem; the message is Indonesian and names what to fix."""


class ConfigError(UsageError):
    """A problem in a TOML file, naming the key path and what was expected."""

    def __init__(self, file: str, key: str, expected: str, found: object = None) -> None:
        self.file = file
        self.key = key
        self.expected = expected
        self.found = found
        shown = "" if found is None else f" (ditemukan: {found!r})"
        super().__init__(f"{file}: kunci `{key}` {expected}{shown}")
