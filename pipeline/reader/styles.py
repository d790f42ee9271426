"""Number formats of cell styles (xl/styles.xml): is a number shown as a date or a percentage?

Excel stores a date as a serial number and a percentage as a fraction; only the cell's
number format tells them apart from plain numbers. Parsed once per distinct styles part.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pyexpat import ExpatError

from pipeline.reader.workbook import XmlProblem
from pipeline.reader.xmlparse import new_parser

# Built-in number formats (ECMA-376 part 1, 18.8.30) that the reader cares about.
BUILTIN = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
# Ids Excel shows as dates in East Asian locales (no fixed code in the standard).
BUILTIN_DATE_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKET = re.compile(r"\[[^\]]*\]")
_ELAPSED = re.compile(r"\[(?:h+|m+|s+)\]", re.IGNORECASE)
_DATE_TOKENS = re.compile(r"[dmyhsDMYHS]|AM/PM|A/P", re.IGNORECASE)


@dataclass(frozen=True)
class NumberFormat:
    code: str
    is_date: bool
    is_percent: bool

    @property
    def normal(self) -> str:
        """The code as compared with the template's: no locale tags, no case."""
        return _BRACKET.sub("", self.code).strip().lower() or "general"


GENERAL = NumberFormat("General", False, False)


def classify_code(code: str, fmt_id: int | None = None) -> NumberFormat:
    bare = _QUOTED.sub("", code)
    is_date = bool(_ELAPSED.search(bare))
    bare = _BRACKET.sub("", bare)
    if fmt_id in BUILTIN_DATE_IDS or (bare.lower() != "general" and _DATE_TOKENS.search(bare)):
        is_date = True
    return NumberFormat(code, is_date, "%" in bare)


CACHE_MAX_BYTES = 1024 * 1024  # only parts of a plausible size are kept between files


def parse_styles(xml: bytes | None) -> tuple[NumberFormat, ...]:
    """The number format of each cell style (cellXfs order); () when there is no styles part.

    Files made from one template usually share the part byte for byte: parsed once.
    """
    if not xml:
        return ()
    if len(xml) <= CACHE_MAX_BYTES:
        return _parse_styles_cached(xml)
    return _parse_styles(xml)


@lru_cache(maxsize=16)
def _parse_styles_cached(xml: bytes) -> tuple[NumberFormat, ...]:
    return _parse_styles(xml)


def _parse_styles(xml: bytes) -> tuple[NumberFormat, ...]:
    custom: dict[int, str] = {}
    xf_ids: list[int] = []
    depth = {"cellXfs": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "numFmt":
            fid = attrs.get("numFmtId", "")
            if fid.isdigit():
                custom[int(fid)] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            depth["cellXfs"] = True
        elif local == "xf" and depth["cellXfs"]:
            fid = attrs.get("numFmtId", "0")
            xf_ids.append(int(fid) if fid.isdigit() else 0)

    def end(name: str) -> None:
        if name.rpartition(":")[2] == "cellXfs":
            depth["cellXfs"] = False

    p = new_parser()
    p.StartElementHandler = start
    p.EndElementHandler = end
    try:
        p.Parse(xml, True)
    except ExpatError as exc:
        raise XmlProblem("xl/styles.xml") from exc
    formats: dict[int, NumberFormat] = {}
    out = []
    for fid in xf_ids:
        if fid not in formats:
            code = custom.get(fid, BUILTIN.get(fid, "General" if fid == 0 else f"#{fid}"))
            formats[fid] = classify_code(code, fid)
        out.append(formats[fid])
    return tuple(out)


def style_format(styles: tuple[NumberFormat, ...], index: int) -> NumberFormat:
    return styles[index] if 0 <= index < len(styles) else GENERAL


def serial_date(x: float, date1904: bool) -> dt.datetime | None:
    """Excel's serial day number as a date-time (1900 system counts the phantom 29 Feb 1900)."""
    if date1904:
        base = dt.datetime(1904, 1, 1)
    else:
        base = dt.datetime(1899, 12, 31) if x < 60 else dt.datetime(1899, 12, 30)
    try:
        return base + dt.timedelta(days=x)
    except (OverflowError, ValueError):
        return None
