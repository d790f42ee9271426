"""What reading produces: per-file records and the result handed to the engine."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from pipeline.facts import FACT_COLUMNS, NOTE_COLUMNS
from pipeline.findings import Finding, has_errors, sort_findings
from pipeline.reader.files import FileInfo

if TYPE_CHECKING:
    import pandas as pd

DTYPES = {"tahun": "int64", "triwulan": "int64", "nilai": "float64"}


@dataclass
class Cell:
    indikator_id: str
    variabel_id: str
    nilai: float  # NaN = blank or refused
    lembar: str = ""
    sel: str = ""
    blank: bool = False


@dataclass
class JabatanRead:
    jabatan_id: str
    cells: list[Cell] = field(default_factory=list)
    keterangan: dict[str, str] = field(default_factory=dict)  # indikator_id -> text
    lembar: str = ""

    @property
    def empty(self) -> bool:
        """Nothing typed in any input cell: the sheet was not filled in this file."""
        return all(c.blank for c in self.cells) and not self.keterangan


@dataclass
class FileRead:
    info: FileInfo
    jabatan: list[JabatanRead] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class ReadResult:
    """values: one row per input cell after duplicate resolution (NaN = blank or refused);
    keterangan: the non-empty Keterangan/kendala texts; files: every file looked at.

    The frames are built on first use: `check` needs none, and pandas is not even imported.
    """

    value_rows: list[dict]
    keterangan_rows: list[dict]
    files: list[FileInfo]
    findings: list[Finding]

    @cached_property
    def values(self) -> pd.DataFrame:
        return _frame(self.value_rows, FACT_COLUMNS)

    @cached_property
    def keterangan(self) -> pd.DataFrame:
        return _frame(self.keterangan_rows, NOTE_COLUMNS)

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)

    def to_dict(self) -> dict:
        """The machine shape of `check --json`: files, findings (most severe first), counts."""
        counts = Counter(f.severity.value for f in self.findings)
        return {
            "files": [f.to_dict() for f in self.files],
            "findings": [f.to_dict() for f in sort_findings(self.findings)],
            "summary": {
                "files": len(self.files),
                "readable": sum(f.readable for f in self.files),
                "error": counts["error"],
                "warning": counts["warning"],
                "info": counts["info"],
            },
        }


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Column-wise construction with fixed dtypes (also when there are no rows)."""
    import pandas as pd

    data = {c: pd.Series([r[c] for r in rows], dtype=DTYPES.get(c)) for c in columns}
    return pd.DataFrame(data, columns=columns)
