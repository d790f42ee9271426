"""Workbooks this tool wrote that are not submissions, found in the input folder.

A rekap copied back into the input folder, or a history/targets workbook saved there, has
no quarterly identity; without this it would be told "numbers copied into a new workbook,
ask for a new template", which sends the clerk the wrong way. Known by the `iki_jenis`
document property the writers set (pipeline.contract), and an older rekap (written before
that mark) by its sheets or file name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pipeline.contract import (
    IDENTITY_PROPS,
    JENIS_REKAP,
    OFFICE_KINDS,
    PROP_JENIS,
    REKAP_NAME,
    REKAP_SHEETS,
)
from pipeline.findings import Finding, warning

REPORT_OUTPUT = "report-output-in-input"
OFFICE_WORKBOOK = "office-workbook-in-input"


def own_output_finding(
    props: Mapping[str, str], sheet_names: Iterable[str], *, file: str, file_name: str
) -> Finding | None:
    """The finding for a workbook this tool wrote that is not a submission, else None.

    `file` is the name findings show, `file_name` the bare file name."""
    jenis = props.get(PROP_JENIS, "").strip().lower()
    if jenis == JENIS_REKAP or (not jenis and _old_rekap(props, sheet_names, file_name)):
        return warning(
            REPORT_OUTPUT,
            "Ini workbook rekap keluaran `python -m pipeline report`, bukan workbook kiriman "
            "jabatan, sehingga tidak dibaca. Pindahkan berkas ini dari folder masukan (rekap "
            "disimpan di folder keluaran).",
            file=file,
        )
    if jenis in OFFICE_KINDS:
        what, command = OFFICE_KINDS[jenis]
        return warning(
            OFFICE_WORKBOOK,
            f"Ini {what} buatan alat ini, bukan workbook kiriman jabatan, sehingga tidak "
            f"dibaca di sini. Impor dengan `{command}`, lalu pindahkan berkas ini dari folder "
            "masukan.",
            file=file,
        )
    return None


def _old_rekap(props: Mapping[str, str], sheet_names: Iterable[str], file_name: str) -> bool:
    if any(p in props for p in IDENTITY_PROPS):
        return False  # a submission's identity wins: its checks say what is wrong with it
    present = {s.lower() for s in sheet_names}
    has_sheets = all(s.lower() in present for s in REKAP_SHEETS)
    return has_sheets or bool(REKAP_NAME.match(file_name))
