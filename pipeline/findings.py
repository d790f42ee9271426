"""Findings: problems in the data, collected as records rather than raised.

A finding has a stable machine code (English, kebab-case), a severity, where it is
(file, sheet, A1 cell, jabatan, indicator) and an Indonesian message that tells the
clerk how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """Indonesian label shown to users."""
        return {"error": "Galat", "warning": "Peringatan", "info": "Info"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    jabatan: str | None = None
    indikator: str | None = None
    triwulan: int | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = self.severity.value
        return d

    @property
    def location(self) -> str:
        """Human-readable place: 'berkas.xlsx › lembar › C12'."""
        parts = [p for p in (self.file, self.sheet, self.cell) if p]
        return " › ".join(parts)


def error(code: str, message: str, **where) -> Finding:
    return Finding(code, Severity.ERROR, message, **where)


def warning(code: str, message: str, **where) -> Finding:
    return Finding(code, Severity.WARNING, message, **where)


def info(code: str, message: str, **where) -> Finding:
    return Finding(code, Severity.INFO, message, **where)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Grouped by file, most severe first, then by sheet and cell."""
    return sorted(
        findings,
        key=lambda f: (f.file or "", f.severity.rank, f.sheet or "", _cell_key(f.cell), f.code),
    )


def _cell_key(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits or 0), letters)
