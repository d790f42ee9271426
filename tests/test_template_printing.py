"""Printed template: page breaks only between indicator blocks, pages numbered per sheet."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pipeline.context import Context
from pipeline.template import write_template
from pipeline.template.printing import (
    MARGIN_TOP_BOTTOM,
    PAGE_HEIGHT,
    SAFETY,
    fit_scale,
)


@pytest.fixture(scope="module")
def kelahiran(real_ctx: Context, tmp_path_factory) -> Path:
    """The real catalog's Seksi Kelahiran (six indicators: more than a page)."""
    out = tmp_path_factory.mktemp("tpl")
    paths = write_template(real_ctx, 2026, 3, out, split="jabatan")
    return next(p for p in paths if p.name.endswith("-kasi_kelahiran.xlsx"))


def block_starts(ws) -> list[int]:  # type: ignore[no-untyped-def]
    """1-based rows of indicator titles (column A holds the block number)."""
    return [c.row for c in ws["A"] if isinstance(c.value, str) and c.value.isdigit() and c.row > 8]


def test_breaks_fall_between_blocks_and_pages_fit(kelahiran: Path) -> None:
    book = openpyxl.load_workbook(kelahiran)
    ws = book.worksheets[1]
    starts = block_starts(ws)
    assert len(starts) >= 5
    breaks = [b.id for b in ws.row_breaks.brk]  # a break after row id (1-based)
    assert breaks, "six blocks do not fit one page: expected manual breaks"
    assert all(b + 1 in starts for b in breaks), (breaks, starts)
    widths = [ws.column_dimensions[c].width - 0.71 for c in "ABCDEFG"]
    page = (PAGE_HEIGHT - 2 * MARGIN_TOP_BOTTOM) / fit_scale(widths) * SAFETY
    header = next(c.row for c in ws["A"] if c.value == "No")

    def height(r: int) -> float:
        return ws.row_dimensions[r].height or 15.0

    edges = [1, *[b + 1 for b in breaks], ws.max_row + 1]
    for i, (a, b) in enumerate(itertools.pairwise(edges)):
        used = sum(height(r) for r in range(a, b)) + (height(header) if i else 0)
        assert used <= page + 1, (a, b, used, page)


def test_pages_numbered_per_sheet(kelahiran: Path) -> None:
    with zipfile.ZipFile(kelahiran) as z:
        sheets = [n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
        for name in sheets:
            xml = z.read(name).decode()
            assert "&amp;P" in xml and "&amp;N" not in xml, name
            assert 'useFirstPageNumber="1"' in xml, name


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) not installed")
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_printed_blocks_stay_whole_in_libreoffice(kelahiran: Path, tmp_path: Path) -> None:
    """Every page holds whole blocks: as many indicator titles as Keterangan rows."""
    profile = tmp_path / "profil"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(kelahiran)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / kelahiran.with_suffix(".pdf").name
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    numbers = [re.findall(r"Halaman (\d+)", p) for p in pages]
    assert all(len(n) == 1 for n in numbers)
    assert "dari" not in " ".join(p for p in pages if "Halaman" in p).split("Halaman")[-1]
    jabatan_pages = [p for p in pages if "Keterangan / kendala" in p or "Indikator" in p]
    for page in jabatan_pages:
        titles = len(re.findall(r"^\s*\d+\s+Indikator", page, flags=re.M))
        assert titles == page.count("Keterangan / kendala"), page[:400]
