"""The template shows earlier quarters' returned figures as locked context."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from test_report_run import returned_workbook

from pipeline.context import Context
from pipeline.template.earlier import make_template


def _row_values(path: Path, sheet: str, label: str) -> list:
    ws = openpyxl.load_workbook(path)[sheet]
    for row in ws.iter_rows(values_only=True):
        if any(isinstance(v, str) and v.startswith(label) for v in row):
            return [v for v in row if isinstance(v, int | float)]
    raise AssertionError(f"no row labelled {label!r}")


def test_earlier_quarters_come_from_returned_workbooks(mini_ctx: Context, tmp_path: Path) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    returned_workbook(mini_ctx, tmp_path, 3)  # a later quarter in the folder is left out
    outcome = make_template(mini_ctx, 2026, 2, tmp_path / "out", input_dir=tmp_path / "input")
    assert outcome.earlier_files == 1 and not outcome.findings
    assert _row_values(outcome.written[0], "01 Kepala Dinas", "Penduduk wajib KTP yang") == [7300]


def test_no_input_folder_leaves_context_blank(mini_ctx: Context, tmp_path: Path) -> None:
    outcome = make_template(mini_ctx, 2026, 2, tmp_path / "out", input_dir=tmp_path / "nope")
    assert outcome.earlier_files == 0
    ws = openpyxl.load_workbook(outcome.written[0])["01 Kepala Dinas"]
    assert 7300 not in {c for row in ws.iter_rows(values_only=True) for c in row}
