"""Data validation of the input cells, with Indonesian prompts and error messages.

Validation is advisory (a paste bypasses it), so the reader checks every value again; here
it only makes the right entry easy. Excel limits: titles 32 characters, messages 255.
"""

from __future__ import annotations

from pipeline import fmt
from pipeline.catalog.model import Indikator
from pipeline.template.layout import quarter_period

MAX_KETERANGAN = 1000
MAX_TITLE, MAX_MESSAGE = 32, 255
BLANK_RULE = "Kosong = belum dilaporkan; 0 = memang nol."


def _checked(options: dict) -> dict:
    """Fail at generation time rather than let XlsxWriter drop an over-long message."""
    for key, limit in (
        ("input_title", MAX_TITLE),
        ("error_title", MAX_TITLE),
        ("input_message", MAX_MESSAGE),
        ("error_message", MAX_MESSAGE),
    ):
        if len(options[key]) > limit:
            raise ValueError(f"{key} longer than {limit}: {options[key]!r}")
    return options


def number_validation(ind: Indikator, tahun: int, q: int) -> dict:
    start, end = quarter_period(tahun, q)
    tw = fmt.tw(q)
    if ind.is_stock:
        when = f"Posisi pada akhir triwulan ({fmt.tanggal(end)})."
    else:
        when = f"Jumlah dalam triwulan ini saja ({fmt.tanggal(start)} – {fmt.tanggal(end)})."
    common = {
        "ignore_blank": True,
        "show_input": True,
        "show_error": True,
        "error_type": "stop",
        "error_title": "Isian tidak sah",
    }
    if ind.is_count:
        return _checked(
            {
                **common,
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "input_title": f"Isian {tw}: angka bulat",
                "input_message": f"{when} Ketik angka bulat 0 atau lebih, tanpa titik ribuan "
                f"dan tanpa satuan. {BLANK_RULE}",
                "error_message": "Isi angka bulat 0 atau lebih, tanpa titik atau koma ribuan, "
                "tanpa satuan dan tanpa teks. Kosongkan sel bila datanya belum ada.",
            }
        )
    lo, hi = ind.nilai_min, ind.nilai_maks
    if lo is None or hi is None:
        raise ValueError(f"indicator {ind.id}: nilai needs nilai_min and nilai_maks")
    bounds = f"antara {fmt.angka_auto(lo)} dan {fmt.angka_auto(hi)}"
    return _checked(
        {
            **common,
            "validate": "decimal",
            "criteria": "between",
            "minimum": lo,
            "maximum": hi,
            "input_title": f"Isian {tw}: nilai",
            "input_message": f"{when} Ketik nilai {bounds}; boleh desimal. {BLANK_RULE}",
            "error_message": f"Isi angka {bounds} (boleh desimal), tanpa teks. "
            "Kosongkan sel bila nilainya belum ada.",
        }
    )


def keterangan_validation(q: int) -> dict:
    limit = fmt.angka(MAX_KETERANGAN)
    return _text_validation(
        f"Keterangan/kendala {fmt.tw(q)}",
        "Tulis singkat penjelasan capaian, kendala dan tindak lanjut "
        f"triwulan ini (paling banyak {limit} karakter). Boleh dikosongkan.",
        "Keterangan terlalu panjang",
        f"Keterangan paling banyak {limit} karakter. Persingkat teksnya.",
    )


def sebab_validation(q: int, label: str) -> dict:
    """A cause text cell (LKjIP Bab III): same length rule as the Keterangan cell."""
    limit = fmt.angka(MAX_KETERANGAN)
    return _text_validation(
        label,
        f"Untuk LKjIP Bab III: {label.lower()} capaian indikator ini s.d. "
        f"{fmt.tw(q)} (paling banyak {limit} karakter). Boleh dikosongkan.",
        "Teks terlalu panjang",
        f"Paling banyak {limit} karakter. Persingkat teksnya.",
    )


def _text_validation(title: str, message: str, error_title: str, error: str) -> dict:
    """A free-text cell: at most MAX_KETERANGAN characters, blank allowed."""
    return _checked(
        {
            "validate": "length",
            "criteria": "<=",
            "value": MAX_KETERANGAN,
            "ignore_blank": True,
            "show_input": True,
            "show_error": True,
            "error_type": "stop",
            "input_title": title,
            "input_message": message,
            "error_title": error_title,
            "error_message": error,
        }
    )
