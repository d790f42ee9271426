"""What a clerk sees on the terminal: Indonesian numbers, whole identifiers, kept indents."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_report_run import returned_workbook

from pipeline.catalog import load_catalog
from pipeline.cli import cli
from pipeline.context import Context
from pipeline.reader import collect_inputs, read_workbooks

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("part", "said"), [("word/document.xml", "Word (.docx)"),
                                             ("ppt/presentation.xml", "PowerPoint (.pptx)"),
                                             ("data.bin", "arsip zip")])  # fmt: skip
def test_another_office_document_named_xlsx_is_called_what_it_is(
    mini_ctx: Context, tmp_path: Path, part: str, said: str
) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(part, "<x/>")
    path = tmp_path / "IKI-2026-TW3-kasi_kelahiran.xlsx"
    path.write_bytes(buf.getvalue())
    (f,) = read_workbooks(collect_inputs([path]), mini_ctx, tahun=2026).findings
    assert f.code == "not-a-workbook" and said in f.message
    assert "xl/workbook.xml" not in f.message


def test_catalog_never_breaks_an_id_and_decisions_keep_their_indent() -> None:
    catalog = load_catalog(ROOT / "pipeline/catalog/iki.toml")
    env = {"COLUMNS": "80"}
    shown = CliRunner(env=env).invoke(cli, ["catalog"])
    assert shown.exit_code == 0, shown.output
    for jab in catalog.jabatan:
        assert re.search(rf"│ {re.escape(jab.id)}\s", shown.output), jab.id
    decided = CliRunner(env=env).invoke(cli, ["catalog", "--decisions"])
    assert decided.exit_code == 0
    lines = decided.output.splitlines()
    ids = {k.id for k in catalog.keputusan}
    body = [ln for ln in lines[2:-3] if ln.strip()]
    for ln in body:
        assert ln.split("  ")[0] in ids or ln.startswith("    "), ln


def test_report_line_uses_indonesian_numbers_and_wraps_the_submissions(
    mini_config: Path, mini_ctx: Context, tmp_path: Path, monkeypatch
) -> None:
    import pipeline.publish as publish

    monkeypatch.setattr(
        publish, "RENDERERS", tuple(r for r in publish.RENDERERS if r.name != "pdf")
    )
    returned_workbook(mini_ctx, tmp_path, 2)  # nothing for TW I
    args = ["--config", str(mini_config), "report", "--quarter", "2", "--draft", "--input",
            str(tmp_path / "input"), "--output", str(tmp_path / "out")]  # fmt: skip
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    out = result.output
    assert re.search(r"\(\d+ berkas, \d+,\d detik\)", " ".join(out.split())), out
    assert "Kiriman TW I: 0 dari 2 jabatan mengirim: belum ada kiriman" in " ".join(out.split())
    assert all(len(line) <= 80 for line in out.splitlines())


def test_long_numbers_get_a_smaller_class_and_nothing_else_changes() -> None:
    from pipeline.text import fit_numbers

    html = (
        '<td class="r">98,00</td><td class="r">18.289,88 %</td>'
        '<td class="r" rowspan="2">41.152.233,33 %<span class="catatan">x</span></td>'
        '<td class="c">41.152.233,33 %</td><td>123456789012345</td>'
    )
    assert fit_numbers(html) == (
        '<td class="r">98,00</td><td class="r panjang">18.289,88 %</td>'
        '<td class="r sangat-panjang" rowspan="2">41.152.233,33 %<span class="catatan">x</span>'
        '</td><td class="c">41.152.233,33 %</td><td>123456789012345</td>'
    )
    css = (ROOT / "pipeline/documents/templates/dokumen.css").read_text(encoding="utf-8")
    rule = re.search(r"td\.r \{([^}]*)\}", css)
    assert rule is not None and "nowrap" not in rule.group(1)
