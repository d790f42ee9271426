"""Typed access to parsed TOML that names the key path when a value is wrong."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, UsageError

_MISSING = object()


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise UsageError(f"Berkas {path} tidak ditemukan.") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: bukan TOML yang sah: {exc}") from None


class Section:
    """A table of a TOML document with its key path, for precise error messages."""

    def __init__(self, data: dict[str, Any], file: str, path: str = "") -> None:
        self.data = data
        self.file = file
        self.path = path

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, expected: str, found: object = None) -> ConfigError:
        return ConfigError(self.file, self.key(name), expected, found)

    def _get(self, name: str, default: object) -> object:
        if name in self.data:
            return self.data[name]
        if default is _MISSING:
            raise self.fail(name, "wajib diisi")
        return default

    def str(self, name: str, default: object = _MISSING, *, nonempty: bool = True) -> str:
        value = self._get(name, default)
        if not isinstance(value, str):
            raise self.fail(name, "harus berupa teks", value)
        if nonempty and not value.strip() and default is _MISSING:
            raise self.fail(name, "tidak boleh kosong")
        return value.strip()

    def int(
        self, name: str, default: object = _MISSING, *, lo: int | None = None, hi: int | None = None
    ) -> int:
        value = self._get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, "harus bilangan bulat", value)
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise self.fail(name, f"harus antara {lo} dan {hi}", value)
        return value

    def number(self, name: str, default: object = _MISSING) -> float | None:
        value = self._get(name, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(name, "harus berupa angka", value)
        return float(value)

    def bool(self, name: str, default: object = _MISSING) -> bool:
        value = self._get(name, default)
        if not isinstance(value, bool):
            raise self.fail(name, "harus true atau false", value)
        return value

    def date(self, name: str, default: object = _MISSING) -> dt.date | None:
        value = self._get(name, default)
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.fail(name, "harus tanggal TOML, contoh 2027-01-07", value)
        return value

    def choice(self, name: str, options: tuple[str, ...], default: object = _MISSING) -> str:
        value = self._get(name, default)
        if value not in options:
            raise self.fail(name, "harus salah satu dari " + ", ".join(map(repr, options)), value)
        return value  # type: ignore[return-value]

    def section(self, name: str, *, required: bool = True) -> Section:
        value = self.data.get(name, _MISSING)
        if value is _MISSING:
            if required:
                raise self.fail(name, "wajib ada (tabel [" + self.key(name) + "])")
            value = {}
        if not isinstance(value, dict):
            raise self.fail(name, "harus berupa tabel", value)
        return Section(value, self.file, self.key(name))

    def list(self, name: str, default: object = _MISSING) -> list:
        value = self._get(name, default)
        if not isinstance(value, list):
            raise self.fail(name, "harus berupa daftar [ ... ]", value)
        return value

    def unknown_keys(self, allowed: set[str]) -> None:
        for name in self.data:
            if name not in allowed:
                expected = "tidak dikenal; kunci yang dikenal: " + ", ".join(sorted(allowed))
                raise self.fail(name, expected)
