"""Reader findings a clerk acts on: every one names its cell, says what is wrong in the
clerk's terms (Indonesian Excel labels, Indonesian dates), suggests only valid values."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from readerkit import Kit, cell_of

from pipeline.cli import cli
from pipeline.context import Context
from pipeline.findings import Finding
from pipeline.reader import ReadResult, collect_inputs, read_workbooks
from pipeline.template import keterangan_name
from pipeline.text import KETERANGAN_MAX


@pytest.fixture
def kit(mini_ctx: Context, tmp_path: Path) -> Kit:
    return Kit(mini_ctx, tmp_path)


def read(kit: Kit) -> ReadResult:
    return read_workbooks(collect_inputs([kit.inbox]), kit.ctx, tahun=2026)


def hits(result: ReadResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def _keterangan_cell(path: Path, indikator: str) -> tuple[str, str]:
    wb = openpyxl.load_workbook(path)
    ((sheet, coord),) = list(wb.defined_names[keterangan_name(indikator, 3)].destinations)
    return sheet, coord.replace("$", "")


def test_text_only_conflict_names_file_sheet_and_cell_of_each(kit: Kit) -> None:
    a = kit.filled("IKI-sekretaris.xlsx", keterangan={"keluhan_layanan": "Server down"})
    kit.filled("IKI-sekretaris (1).xlsx", keterangan={"keluhan_layanan": "Tidak ada kendala"})
    kit.filled("IKI-sekretaris (2).xlsx")  # no keterangan at all: still a place to name
    sheet, cell = _keterangan_cell(a, "keluhan_layanan")
    conflicts = [f for f in hits(read(kit), "duplicate-conflict")]
    assert len(conflicts) == 2
    for f in conflicts:
        assert (f.sheet, f.cell, f.jabatan, f.indikator) == (
            sheet,
            cell,
            "sekretaris",
            "keluhan_layanan",
        )
        assert f"di sel {cell}" in f.message and "?" not in f.message.replace("?)", "")


def test_check_reports_a_too_long_keterangan_at_its_cell(kit: Kit, mini_config: Path) -> None:
    path = kit.filled("IKI.xlsx", keterangan={"keluhan_layanan": "k" * (KETERANGAN_MAX + 1)})
    sheet, cell = _keterangan_cell(path, "keluhan_layanan")
    (f,) = hits(read(kit), "keterangan-too-long")
    assert (f.file, f.sheet, f.cell) == ("IKI.xlsx", sheet, cell)
    assert (f.jabatan, f.indikator) == ("sekretaris", "keluhan_layanan")
    assert "__" not in f.message and "1.001 karakter" in f.message
    out = CliRunner().invoke(cli, ["--config", str(mini_config), "check", "--json", str(path)])
    assert '"keterangan-too-long"' in out.output
    # Exactly at the cap: no finding.
    kit.filled("IKI.xlsx", keterangan={"keluhan_layanan": "k" * KETERANGAN_MAX})
    assert not hits(read(kit), "keterangan-too-long")
