"""Cross-cell checks within one jabatan of one file."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pipeline.catalog.model import Jabatan
from pipeline.findings import Finding, error, info, warning
from pipeline.fmt import angka_auto
from pipeline.wilayah import Wilayah

if TYPE_CHECKING:
    from pipeline.reader.model import JabatanRead


def ratio_findings(
    jab: Jabatan, read: JabatanRead, file: str, q: int, wilayah: Wilayah | None = None
) -> list[Finding]:
    """Numerator above denominator (error for a stock, warning for a flow); both zero: info.

    Checked per kecamatan row for an indicator entered per kecamatan.
    """
    wilayah = wilayah or Wilayah()
    by_key = {(c.indikator_id, c.variabel_id, c.wilayah): c for c in read.cells}
    out: list[Finding] = []
    for ind, area in ((i, a) for i in jab.indikator for a in wilayah.areas(i)):
        if ind.jenis != "persentase":
            continue
        num = [by_key[(ind.id, v.id, area)] for v in ind.by_role("pembilang")]
        den = [by_key[(ind.id, v.id, area)] for v in ind.by_role("penyebut")]
        nama = ind.nama if area == "*" else f"{ind.nama}, Kec. {wilayah.nama(area)}"
        if not num or not den or any(math.isnan(c.nilai) for c in num + den):
            continue
        a, b = sum(c.nilai for c in num), sum(c.nilai for c in den)
        loc = dict(
            file=file,
            sheet=num[0].lembar,
            cell=num[0].sel,
            jabatan=jab.id,
            indikator=ind.id,
            triwulan=q,
        )
        cells = ", ".join(c.sel for c in num + den)
        if a > b:
            kind = "posisi akhir triwulan" if ind.is_stock else "arus dalam triwulan"
            make = error if ind.is_stock else warning
            why = (
                "Untuk angka posisi akhir triwulan hal ini tidak mungkin; periksa sel "
                if ind.is_stock
                else "Bisa terjadi bila dokumen triwulan lalu baru selesai sekarang, tetapi "
                "periksa kembali sel "
            )
            out.append(
                make(
                    "numerator-above-denominator",
                    f"{nama}: pembilang ({angka_auto(a)}) lebih besar daripada penyebut "
                    f"({angka_auto(b)}), "
                    f"sehingga persentasenya di atas 100 % ({kind}). {why}{cells}.",
                    **loc,
                )
            )
        elif a == 0 and b == 0:
            out.append(
                info(
                    "numerator-denominator-zero",
                    f"{nama}: pembilang dan penyebut sama-sama 0, sehingga indikator ini tidak "
                    "bernilai triwulan ini (penyebut nol). Biarkan bila memang tidak ada "
                    f"kegiatan; bila belum diisi, isi sel {cells}.",
                    **loc,
                )
            )
    return out


def _n(x: float) -> str:
    from pipeline.fmt import angka_auto

    return angka_auto(x)


def _letters(col: int) -> str:
    from pipeline.reader.workbook import col_letters

    return col_letters(col)
