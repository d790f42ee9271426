"""Defining the contract's names in an XlsxWriter workbook (the scheme is pipeline.contract)."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from pipeline.contract import (
    KETERANGAN,
    MAX_NAME_LENGTH,
    SEPARATOR,
    TEMPLATE_VERSION,
    InvalidNameError,
    cell_a1,
    check_name,
    column_letters,
    input_name,
    keterangan_name,
    name_problem,
)

__all__ = [
    "KETERANGAN",
    "MAX_NAME_LENGTH",
    "SEPARATOR",
    "TEMPLATE_VERSION",
    "InvalidNameError",
    "NameRegistry",
    "cell_a1",
    "check_name",
    "column_letters",
    "input_name",
    "keterangan_name",
    "name_problem",
    "sheet_ref",
]


def sheet_ref(sheet: str, row: int, col: int) -> str:
    """Absolute reference to one cell, sheet name always quoted: "='01 Kadis'!$G$12"."""
    quoted = sheet.replace("'", "''")
    return f"='{quoted}'!{cell_a1(row, col, absolute=True)}"


class NameRegistry:
    """Defines workbook-scope names, refusing invalid or duplicate ones loudly.

    Excel compares names ignoring case, so uniqueness is checked the same way.
    """

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self.refs: dict[str, str] = {}
        self._seen: set[str] = set()

    def define(self, name: str, sheet: str, row: int, col: int) -> None:
        check_name(name)
        if name.lower() in self._seen:
            raise InvalidNameError(f"defined name {name!r} used twice")
        if self._workbook.get_worksheet_by_name(sheet) is None:
            raise InvalidNameError(f"defined name {name!r} points at unknown sheet {sheet!r}")
        ref = sheet_ref(sheet, row, col)
        if self._workbook.define_name(name, ref) != 0:
            raise InvalidNameError(f"XlsxWriter refused defined name {name!r} -> {ref}")
        self._seen.add(name.lower())
        self.refs[name] = ref
