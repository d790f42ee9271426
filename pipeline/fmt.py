"""Indonesian formatting of numbers, percentages, dates, NIP and quarters.

Babel carries the CLDR data for `id` (decimal comma, thousands dot, month names), so no
month table or separator juggling is written by hand here.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Sequence

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "id_ID"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# Babel quantizes in the current decimal context, whose default precision (28 digits) cannot
# hold a float such as 1e308 written out in full (decimal.InvalidOperation). This context
# holds every finite float exactly (at most 309 integer and 1074 fraction digits).
_WIDE = decimal.Context(prec=1500, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def is_blank(x: object) -> bool:
    """None, NaN or an infinity: nothing a person could read as a figure."""
    if x is None:
        return True
    try:
        return not math.isfinite(x)  # type: ignore[arg-type]
    except OverflowError:  # an int beyond float range is still a finite number
        return False
    except TypeError:
        return False


def as_number(x: object) -> float | None:
    """A model cell as a float, or None for no figure (None, NaN, text)."""
    if x is None:
        return None
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def angka(x: float | None, desimal: int = 0, kosong: str = "–") -> str:
    """1234567 -> '1.234.567'; 92.3077 with desimal=2 -> '92,31'.

    Total over every finite number (1e308 prints all its 309 digits); a value that rounds
    to zero prints without a minus sign.
    """
    if is_blank(x):
        return kosong
    pattern = "#,##0" + ("." + "0" * desimal if desimal else "")
    with decimal.localcontext(_WIDE):
        text = format_decimal(x, format=pattern, locale=LOCALE, decimal_quantization=True)
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]
    return text


def daftar(items: Sequence[str], shown: int | None = None, lain: str = "lainnya") -> str:
    """'a, b dan c'; past `shown` items the rest are counted: 'a, b, c dan 4 lainnya'."""
    items = list(items)
    if shown is not None and len(items) > shown:
        return f"{', '.join(items[:shown])} dan {angka(len(items) - shown)} {lain}"
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} dan {items[-1]}"


def angka_auto(x: float | None, kosong: str = "–") -> str:
    """Whole numbers without decimals, others with two."""
    if is_blank(x):
        return kosong
    return angka(x, 0 if float(x).is_integer() else 2, kosong)


def persen(x: float | None, desimal: int = 2, kosong: str = "–") -> str:
    """87.5 -> '87,50 %' (the value is already in percent)."""
    if is_blank(x):
        return kosong
    return f"{angka(x, desimal)} %"


def tanggal(d: dt.date) -> str:
    """date(2027, 1, 7) -> '7 Januari 2027'."""
    return format_date(d, format="d MMMM y", locale=LOCALE)


def nip(value: str) -> str:
    """'196804111993031009' -> '19680411 199303 1 009'; anything else unchanged."""
    v = value.replace(" ", "")
    if len(v) != 18 or not v.isdigit():
        return value
    return f"{v[:8]} {v[8:14]} {v[14]} {v[15:]}"


def triwulan(q: int) -> str:
    """3 -> 'Triwulan III'."""
    return f"Triwulan {ROMAN[q]}"


def tw(q: int) -> str:
    """3 -> 'TW III'."""
    return f"TW {ROMAN[q]}"


def rupiah(x: float | None, kosong: str = "–") -> str:
    """1250000 -> 'Rp1.250.000' (whole rupiah, no space, as in Indonesian budget documents)."""
    if is_blank(x):
        return kosong
    text = angka(x)
    return f"-Rp{text[1:]}" if text.startswith("-") else f"Rp{text}"
