"""hasil.csv: the results for machines (spreadsheets of other offices, scripts, archives).

Format (a public interface, documented in the README):
- UTF-8 *without* a byte-order mark, comma-separated, "\\n" line endings, minimal quoting
  (RFC 4180 style: a field is quoted only when it holds a comma, quote or line break).
  People read the rekap workbook instead; Excel in an Indonesian locale expects ";" and
  decimal commas, so this file is not meant to be double-clicked.
- One row per indicator per quarter 1..Q (`wilayah` "*"), followed for an indicator entered
  per kecamatan by one row per kecamatan (`wilayah` its code), in the order of the report
  model (`ReportModel.all_results`); columns HASIL_COLUMNS.
- Numbers with a dot as decimal separator and no thousands separator; whole numbers
  without ".0" (1234, not 1234.0); target and realisasi rounded to at most 4 decimals,
  capaian to at most 2 (it is rounded to 2 already); persentase realisasi and capaian are
  in percent (92.31, not 0.9231).
- No value (not reported, zero denominator) is an empty field, never 0 or "nan";
  `status` and `catatan` say why.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from pipeline.report.model import ReportModel

HASIL_COLUMNS = [
    "tahun",  # added with the archive: files written before it lack it (history import)
    "jabatan_id",
    "jabatan",
    "indikator_id",
    "indikator",
    "satuan",
    "wilayah",  # "*" = the regency; a kecamatan code for indicators entered per kecamatan
    "triwulan",
    "target",
    "realisasi",
    "realisasi_triwulan",
    "capaian",
    "predikat",
    "status",
    "catatan",
]
_DECIMALS = {"target": 4, "realisasi": 4, "realisasi_triwulan": 4, "capaian": 2}


def number(value: object, decimals: int) -> str:
    """92.30769 -> '92.3077' (decimals=4); 1234.0 -> '1234'; NaN/None -> ''."""
    if is_blank(value):
        return ""
    text = f"{float(value):.{decimals}f}"  # type: ignore[arg-type]
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "nan", "inf", "-inf"):
        return "0" if text == "-0" else ""
    return text


def is_blank(value: object) -> bool:
    if value is None or (isinstance(value, str) and value == ""):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: object) -> str:
    return "" if is_blank(value) else str(value)


def hasil_rows(model: ReportModel) -> list[list[str]]:
    rows = []
    for r in model.all_results().itertuples(index=False):
        record = r._asdict()
        record.setdefault("tahun", model.tahun)
        row = []
        for col in HASIL_COLUMNS:
            value = record[col]
            if col == "tahun":
                row.append(str(model.tahun))
            elif col in _DECIMALS:
                row.append(number(value, _DECIMALS[col]))
            elif col == "triwulan":
                row.append(str(int(value)))
            else:
                row.append(_text(value))
        rows.append(row)
    return rows


def write_hasil_csv(model: ReportModel, path: Path) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HASIL_COLUMNS)
        writer.writerows(hasil_rows(model))
