"""Fill a template's named input cells with openpyxl, as a person would in Excel.

Used by tests and the demo generator. openpyxl keeps what the template relies on through
a load/save: defined names, data validation (the plain kind XlsxWriter writes), sheet
protection with unlocked cells, merges and custom document properties.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Mapping
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook

Value = float | int | str | None


def named_cell(workbook: Workbook, name: str) -> Cell:
    """The single cell a workbook-scope defined name points at (names ignore case)."""
    defined = workbook.defined_names.get(name)
    if defined is None:
        lowered = {key.lower(): dn for key, dn in workbook.defined_names.items()}
        defined = lowered.get(name.lower())
    if defined is None:
        raise KeyError(f"no defined name {name!r} in workbook")
    destinations = list(defined.destinations)
    if len(destinations) != 1 or ":" in destinations[0][1]:
        raise ValueError(f"defined name {name!r} is not one cell: {defined.attr_text}")
    sheet, coordinate = destinations[0]
    if sheet not in workbook.sheetnames:
        raise ValueError(f"defined name {name!r} points at missing sheet {sheet!r}")
    return workbook[sheet][coordinate.replace("$", "")]


def set_value(cell: Cell, value: Value) -> None:
    """Write one value: numbers stay numbers, text stays text (even '=...'), None blanks."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        cell.value = None
        return
    if isinstance(value, bool):
        raise TypeError(f"{cell.coordinate}: booleans are not IKI values")
    if isinstance(value, str):
        cell.value = value
        # openpyxl turns a string starting with '=' into a formula unless told otherwise.
        cell.data_type = "s"
        return
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{cell.coordinate}: {value!r} is not a finite number")
        cell.value = int(number) if number.is_integer() and abs(number) < 2**53 else number
        return
    raise TypeError(f"{cell.coordinate}: unsupported value type {type(value).__name__}")


def fill_workbook(src: Path, dst: Path, values: Mapping[str, Value]) -> None:
    """Copy `src` to `dst` with the cells of the given defined names set.

    Every name must exist (a typo raises KeyError rather than silently filling nothing).
    `dst` may equal `src`; it is replaced atomically.
    """
    # rich_text=True keeps the bold labels of the description cells (else saved plain).
    workbook = openpyxl.load_workbook(src, rich_text=True)
    try:
        for name, value in values.items():
            set_value(named_cell(workbook, name), value)
        dst = Path(dst)
        tmp = dst.with_name(f".{dst.stem}.{os.getpid()}.fill.xlsx")
        try:
            workbook.save(tmp)
            os.replace(tmp, dst)
        finally:
            tmp.unlink(missing_ok=True)
    finally:
        workbook.close()
