"""What reading produces: per-file records and the result handed to the engine."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
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
    wilayah: str = "*"  # a kecamatan code for a row of a kecamatan table
    # Not read at all (a broken or moved defined name, a sheet that failed to load): neither
    # blank nor typed-and-refused; the name's or sheet's own error says why.
    unknown: bool = False


@dataclass
class JabatanRead:
    jabatan_id: str
    cells: list[Cell] = field(default_factory=list)
    keterangan: dict[str, str] = field(default_factory=dict)  # indikator_id -> text
    lembar: str = ""
    # (indikator_id, cause kind of contract.SEBAB) -> text (LKjIP Bab III causes)
    sebab: dict[tuple[str, str], str] = field(default_factory=dict)
    # (indikator_id, "keterangan" or a cause kind) -> (sheet, A1) of that text's cell, for
    # findings about the text (conflicting copies, length).
    teks_sel: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Nothing typed in any input cell read: the sheet was not filled in this file.

        Cells that could not be read (`Cell.unknown`) do not make a sheet filled.
        """
        return (
            all(c.blank or c.unknown for c in self.cells) and not self.keterangan and not self.sebab
        )


@dataclass
class FileRead:
    info: FileInfo
    jabatan: list[JabatanRead] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(eq=False)  # frames have no single truth value
class ReadResult:
    """values: one row per input cell after duplicate resolution (NaN = blank or refused);
    keterangan: the non-empty Keterangan/kendala texts; files: every file looked at.

    The reader gives rows (`value_rows`, `keterangan_rows`) and the frames are built from
    them on first use: `check` needs none, and pandas is not even imported. Frames given
    instead (positionally, or by `dataclasses.replace`) are kept as they are, and the rows
    are derived from them when asked for.
    """

    values: pd.DataFrame | None
    keterangan: pd.DataFrame | None
    files: list[FileInfo]
    findings: list[Finding]
    value_rows: list[dict] | None = None
    keterangan_rows: list[dict] | None = None
    # For completeness (pipeline/reader/receipts.py): {jabatan_id, triwulan, berkas, ditolak}
    # per jabatan-quarter a file of the year sent (ditolak: why its values were kept out, ""
    # when nothing was), and the value rows whose NaN is a refused or unreadable cell (with
    # its berkas, lembar, sel, tak_terbaca). Empty when the result was not made by the reader.
    claims: list[dict] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)

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


def _lazy_frame(rows: str, columns: list[str], slot: str) -> property:
    def get(self: ReadResult) -> pd.DataFrame:
        frame = self.__dict__.get(slot)
        if frame is None:
            frame = self.__dict__[slot] = _frame(self.__dict__.get(rows) or [], columns)
        return frame

    def put(self: ReadResult, frame: pd.DataFrame | None) -> None:
        self.__dict__[slot] = frame

    return property(get, put)


def _lazy_rows(frame: str, rows: str) -> property:
    def get(self: ReadResult) -> list[dict]:
        out = self.__dict__.get(rows)
        if out is None:
            given = self.__dict__.get(frame)
            out = self.__dict__[rows] = [] if given is None else given.to_dict("records")
        return out

    def put(self: ReadResult, value: list[dict] | None) -> None:
        self.__dict__[rows] = value

    return property(get, put)


# Installed after the dataclass is made, so its __init__ (and replace) go through them.
ReadResult.values = _lazy_frame("_value_rows", FACT_COLUMNS, "_values")  # type: ignore[assignment]
ReadResult.keterangan = _lazy_frame(  # type: ignore[assignment]
    "_keterangan_rows", NOTE_COLUMNS, "_keterangan"
)
ReadResult.value_rows = _lazy_rows("_values", "_value_rows")  # type: ignore[assignment]
ReadResult.keterangan_rows = _lazy_rows("_keterangan", "_keterangan_rows")  # type: ignore[assignment]
