"""Bounding the work one text cell can cause: a length cap with a finding, and line-break
opportunities in long unbroken runs for the PDF renderer.

Measured with WeasyPrint 70 (one table cell, 2 cores): a word of 4,000 characters without
spaces took 45 s to lay out with `hyphens: auto` (0.4 s without hyphenation, which still
grows quadratically: 105 s for 50,000 characters), against 0.07 s when the same text
carries a zero-width space every 30 characters (0.6 s for 50,000). So every long run of
non-space characters gets break opportunities before rendering, and keterangan texts are
capped at KETERANGAN_MAX characters where they enter the report model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pipeline import fmt
from pipeline.contract import keterangan_name
from pipeline.findings import Finding, warning

if TYPE_CHECKING:  # the render workers import this module: no pandas there
    import pandas as pd

KETERANGAN_MAX = 1000  # characters of one Keterangan/kendala text printed in the report
ELLIPSIS = " […]"
ZWSP = "\u200b"
LONG_RUN = 60  # unbroken runs longer than this get a break opportunity every BREAK_EVERY
BREAK_EVERY = 30

_TEXT_NODE = re.compile(r">([^<]+)<")
# A character of HTML text: an entity (&amp; &#8211;) counts as one, never split.
_UNIT = re.compile(r"&#?\w+;|.", re.S)
_LONG = re.compile(rf"\S{{{LONG_RUN + 1},}}")


def cap_keterangan(
    frame: pd.DataFrame, reported: Iterable[Finding] = ()
) -> tuple[pd.DataFrame, list[Finding]]:
    """Texts longer than KETERANGAN_MAX cut there (marked "[…]"), one warning each.

    Texts the reader already reported at their cell (`reported`: its findings) get no
    second, placeless warning; the rest (texts from elsewhere) are reported by name.
    """
    if frame is None or frame.empty or "keterangan" not in frame:
        return frame, []
    texts = frame["keterangan"].astype(str)
    long = texts.str.len() > KETERANGAN_MAX
    if not long.any():
        return frame, []
    findings = []
    out = frame.copy()
    known = {
        (f.jabatan, f.indikator, f.triwulan) for f in reported if f.code == "keterangan-too-long"
    }
    for idx in frame.index[long]:
        row = frame.loc[idx]
        text = str(row["keterangan"])
        cut = text[:KETERANGAN_MAX].rstrip()
        out.at[idx, "keterangan"] = cut + ELLIPSIS
        q = int(row["triwulan"])
        if (str(row["jabatan_id"]), str(row["indikator_id"]), q) in known:
            continue
        findings.append(
            warning(
                "keterangan-too-long",
                f"Keterangan/kendala berisi {fmt.angka(len(text))} karakter; laporan hanya "
                f"memuat {fmt.angka(KETERANGAN_MAX)} karakter pertama (ditandai […]). "
                f"Persingkat teks di sel {keterangan_name(str(row['indikator_id']), q)} "
                "menjadi paling banyak "
                f"{fmt.angka(KETERANGAN_MAX)} karakter, lalu buat laporan ulang.",
                jabatan=str(row["jabatan_id"]),
                indikator=str(row["indikator_id"]),
                triwulan=q,
            )
        )
    return out, findings


def too_long(text: str, file: str, sheet: str, cell: str, jab, ind, q: int) -> Finding:  # type: ignore[no-untyped-def]
    """The reader's finding for a keterangan over the cap, at its cell (check and report)."""
    return warning(
        "keterangan-too-long",
        f"Keterangan/kendala {ind.nama} ({jab.nama}) berisi {fmt.angka(len(text))} karakter; "
        f"laporan hanya memuat {fmt.angka(KETERANGAN_MAX)} karakter pertama (ditandai […]). "
        f"Persingkat teks di sel {cell} lembar {sheet} menjadi paling banyak "
        f"{fmt.angka(KETERANGAN_MAX)} karakter, lalu kirim/simpan ulang.",
        file=file,
        sheet=sheet,
        cell=cell,
        jabatan=jab.id,
        indikator=ind.id,
        triwulan=q,
    )


# A right-aligned number cell (class "r") and its text up to the first tag.
_NUMBER_CELL = re.compile(r'<td class="r((?: [\w-]+)*)"([^>]*)>([^<]*)')
LONG_NUMBER = 10  # characters ("18.289,88 %") from which a number cell is set smaller
VERY_LONG_NUMBER = 14  # ("41.152.233,33 %")


def fit_numbers(html: str) -> str:
    """Number cells whose value is long get a smaller type (classes `panjang`,
    `sangat-panjang` in dokumen.css), so any accepted value fits its fixed-width column;
    the CSS still wraps what does not fit, so nothing ever overlaps the next column."""

    def cell(m: re.Match[str]) -> str:
        size = len(m.group(3).strip())
        if size < LONG_NUMBER:
            return m.group(0)
        extra = " sangat-panjang" if size >= VERY_LONG_NUMBER else " panjang"
        return f'<td class="r{m.group(1)}{extra}"{m.group(2)}>{m.group(3)}'

    return _NUMBER_CELL.sub(cell, html)


def breakable(text: str) -> str:
    """Plain text with a zero-width space every BREAK_EVERY characters of a long run."""
    return _LONG.sub(lambda m: _split(list(m.group(0))), text)


def breakable_html(html: str) -> str:
    """The same for every text node of an HTML document (tags, attributes and entities
    untouched), so any text, wherever it came from, lays out in linear time."""
    if not _LONG.search(html):
        return html

    def node(m: re.Match[str]) -> str:
        text = m.group(1)
        if not _LONG.search(text):
            return m.group(0)
        return ">" + _LONG.sub(lambda r: _split(_UNIT.findall(r.group(0))), text) + "<"

    return _TEXT_NODE.sub(node, html)


def _split(units: list[str]) -> str:
    return ZWSP.join("".join(units[i : i + BREAK_EVERY]) for i in range(0, len(units), BREAK_EVERY))
