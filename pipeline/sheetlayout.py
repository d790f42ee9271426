"""Where the template puts every named cell: the layout arithmetic of a jabatan sheet.

Neutral ground (like pipeline/contract.py): the template writer lays its sheets out with
these numbers and the reader checks each defined name of a returned workbook against them,
so a name re-pointed at another cell is noticed. Rows and columns are zero-based here, as
XlsxWriter counts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.contract import (
    PAGU,
    REALISASI,
    SEBAB,
    input_name,
    keterangan_name,
    pagu_name,
    realisasi_name,
    sebab_name,
)
from pipeline.facts import WILAYAH_ALL
from pipeline.wilayah import Wilayah

# Jabatan sheet columns (zero-based): No | Uraian | Peran | Sifat data | TW I .. TW Q.
COL_NO, COL_URAIAN, COL_PERAN, COL_SIFAT = 0, 1, 2, 3
FIRST_QUARTER_COL = 4
# Rows of the jabatan sheet head (zero-based); the table starts below HEADER_ROW.
ROW_PEMDA, ROW_DINAS, ROW_TITLE = 0, 1, 2
ROW_JABATAN, ROW_NAMA, ROW_NIP = 4, 5, 6
HEADER_ROW = 8


def quarter_col(k: int) -> int:
    """Column of quarter k (1-based)."""
    return FIRST_QUARTER_COL + k - 1


def preview_rows(q: int) -> int:
    """Computed rows under an indicator's inputs: per quarter, to date (from TW II), capaian."""
    return 3 if q > 1 else 2


@dataclass(frozen=True)
class Slot:
    """One named cell as the template made it; `order` is its place in the sheet's layout."""

    name: str
    sheet: str
    row: int  # zero-based
    col: int  # zero-based
    order: int
    indikator: str
    variabel: str | None  # None for the keterangan cell; the cause kind for a cause cell
    kind: str = "input"  # input | keterangan | sebab | pagu | realisasi
    wilayah: str = WILAYAH_ALL  # a kecamatan code for a row of a kecamatan table

    @property
    def text(self) -> bool:
        """A free-text cell (keterangan, causes): a broken name is a warning, not an error."""
        return self.kind in ("keterangan", "sebab")


def jabatan_slots(jabatan, q: int, wilayah: Wilayah | None = None) -> list[Slot]:
    """Every named cell of one jabatan's sheet for quarter q, top to bottom.

    Block per indicator: title, info, one row per variable, the preview rows, the
    keterangan row, one row per cause text (SEBAB), a spacer (pipeline/template/sheet.py
    writes exactly this). A variable of an indicator entered per kecamatan has a regency
    total row (a formula, not named) followed by one named input row per kecamatan, in
    the office data's order.
    """
    wilayah = wilayah or Wilayah()
    out: list[Slot] = []
    row = HEADER_ROW + 1
    for ind in jabatan.indikator:
        row += 2  # title and info rows
        split = wilayah.split(ind)
        for v in ind.variabel:
            if split:
                row += 1  # the regency total row
            for kode in wilayah.areas(ind):
                out.append(
                    Slot(
                        input_name(ind.id, v.id, q, kode),
                        jabatan.lembar,
                        row,
                        quarter_col(q),
                        len(out),
                        ind.id,
                        v.id,
                        wilayah=kode,
                    )
                )
                row += 1
        row += preview_rows(q)
        out.append(
            Slot(
                keterangan_name(ind.id, q),
                jabatan.lembar,
                row,
                COL_PERAN,
                len(out),
                ind.id,
                None,
                "keterangan",
            )
        )
        row += 1
        for jenis in SEBAB:
            name = sebab_name(ind.id, jenis, q)
            out.append(Slot(name, jabatan.lembar, row, COL_PERAN, len(out), ind.id, jenis, "sebab"))
            row += 1
        row += 1  # spacer row
    return out


# The Anggaran sheet (budget inputs of the jabatan named `pengisi` in the budget file):
# No | Kode | Program / Kegiatan / Sub Kegiatan | Pagu DPA (office data) | Pagu (input) |
# Realisasi TW I .. TW Q | Realisasi s.d. TW Q | Sisa. One row per budget line in budget
# order; only sub kegiatan rows carry named inputs.
ANGGARAN_SHEET = "Anggaran"
A_COL_NO, A_COL_KODE, A_COL_NAMA, A_COL_DPA, A_COL_PAGU = 0, 1, 2, 3, 4
A_FIRST_QUARTER_COL = 5
A_HEADER_ROW = 7


def anggaran_quarter_col(k: int) -> int:
    return A_FIRST_QUARTER_COL + k - 1


def anggaran_slots(budget, q: int) -> list[Slot]:
    """Every named cell of the Anggaran sheet for quarter q, top to bottom."""
    out: list[Slot] = []
    for n, line in enumerate(budget.lines):
        if not line.baris_id:
            continue
        row = A_HEADER_ROW + 1 + n
        b = line.baris_id
        out.append(Slot(pagu_name(b), ANGGARAN_SHEET, row, A_COL_PAGU, len(out), b, PAGU, PAGU))
        out.append(
            Slot(
                realisasi_name(b, q),
                ANGGARAN_SHEET,
                row,
                anggaran_quarter_col(q),
                len(out),
                b,
                REALISASI,
                REALISASI,
            )
        )
    return out
