"""Findings many files share are printed once with their files; counts and JSON keep all."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from pipeline.console import print_findings, summary_line, table_width
from pipeline.findings import Finding, error, info, warning
from pipeline.findings_view import file_names, sections

BLANK = "Realisasi TW I anggaran baris penyusunan_renja: belum diisi. Isi realisasinya."
WRONG = "Sel berisi teks '12 dokumen', bukan angka. Ketik angkanya saja, misalnya 12."


def _blank(file: str, cell: str = "F11", message: str = BLANK) -> Finding:
    return warning(
        "blank-input", message, file=file, sheet="Anggaran", cell=cell, jabatan="kasubbag"
    )


def _wrong(file: str) -> Finding:
    return error(
        "text-in-number", WRONG, file=file, sheet="02 Sekretaris", cell="G29", indikator="keluhan"
    )


def _mixed() -> list[Finding]:
    """Three files share an error and a warning; each file also has something of its own."""
    files = ["c.xlsx", "a.xlsx", "b.xlsx"]
    out = [_wrong(f) for f in files] + [_blank(f) for f in files]
    out.append(_blank("a.xlsx", cell="F12"))  # same message, other cell
    out.append(_blank("b.xlsx", message=BLANK + " (b.xlsx)"))  # same cell, other message
    out.append(warning("one-off", "Hanya di c.", file="c.xlsx", sheet="Anggaran", cell="A1"))
    return out


def _render(findings: list[Finding], width: int, full_list: str | None = "check --json") -> str:
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    print_findings(findings, out=console, full_list=full_list)
    return console.export_text()


def test_sections_group_only_findings_identical_but_for_the_file() -> None:
    got = [(s.files, [(f.code, f.cell, f.message) for f in s.findings]) for s in sections(_mixed())]
    assert got == [
        # Errors first: the shared error with the shared warning of the same three files.
        (
            ("a.xlsx", "b.xlsx", "c.xlsx"),
            [("text-in-number", "G29", WRONG), ("blank-input", "F11", BLANK)],
        ),
        # Then each file's own findings, in file order, as before.
        (("a.xlsx",), [("blank-input", "F12", BLANK)]),
        (("b.xlsx",), [("blank-input", "F11", BLANK + " (b.xlsx)")]),
        (("c.xlsx",), [("one-off", "A1", "Hanya di c.")]),
    ]


def test_sections_differ_by_jabatan_indikator_severity_and_quarter() -> None:
    base = _blank("a.xlsx")
    others = [
        Finding(**{**base.to_dict(), "severity": base.severity, "file": "b.xlsx", **change})
        for change in ({"jabatan": "lain"}, {"indikator": "x"}, {"triwulan": 2}, {"sheet": "S"})
    ]
    others.append(error("blank-input", BLANK, file="b.xlsx", sheet="Anggaran", cell="F11"))
    for other in others:
        assert [s.files for s in sections([base, other])] in (
            [("a.xlsx",), ("b.xlsx",)],
            [("b.xlsx",), ("a.xlsx",)],
        ), other


def test_a_file_finding_is_never_grouped_with_a_general_one() -> None:
    general = warning("config", "Umum.", sheet="Anggaran")
    got = sections([general, warning("config", "Umum.", file="a.xlsx", sheet="Anggaran")])
    assert [s.title() for s in got] == ["(umum)", "a.xlsx"]


def test_file_names_name_all_unless_the_full_list_is_elsewhere() -> None:
    assert file_names(["a.xlsx", "b.xlsx"]) == "a.xlsx dan b.xlsx"
    assert file_names(["a", "b", "c", "d"], "check --json") == "a, b, c dan d"
    many = [f"{i:03d}-IKI-2026-TW1.xlsx" for i in range(1200)]
    assert file_names(many, "check --json") == (
        "000-IKI-2026-TW1.xlsx, 001-IKI-2026-TW1.xlsx, 002-IKI-2026-TW1.xlsx dan 1.197 berkas "
        "lain (daftar lengkap: check --json)"
    )
    # With nowhere else to read them, every name.
    assert file_names(many) == ", ".join(many[:-1]) + f" dan {many[-1]}"
    (section,) = sections([_blank(f) for f in many])
    assert section.title("temuan.json") == (
        "Temuan yang sama di 1.200 berkas (berlaku untuk setiap berkas): "
        f"{file_names(many, 'temuan.json')}"
    )


def test_a_section_with_an_error_names_every_file_whatever_the_full_list() -> None:
    files = [f"{i}.xlsx" for i in range(6)]
    (section,) = sections([_wrong(f) for f in files] + [_blank(f) for f in files])
    assert section.has_error
    assert section.title("check --json") == (
        "Temuan yang sama di 6 berkas (berlaku untuk setiap berkas): "
        "0.xlsx, 1.xlsx, 2.xlsx, 3.xlsx, 4.xlsx dan 5.xlsx"
    )
    (warnings,) = sections([_blank(f) for f in files])
    assert not warnings.has_error
    assert warnings.name_parts("check --json") == [
        "0.xlsx,",
        "1.xlsx,",
        "2.xlsx",
        "dan 3 berkas lain",
        "(daftar lengkap: check --json)",
    ]


@pytest.mark.parametrize("width", [60, 90, 200])
def test_shared_findings_print_once_at_any_width(width: int) -> None:
    files = [f"{i:03d}-IKI-2026-TW1.xlsx" for i in range(50)]
    findings = [_wrong(f) for f in files] + [_blank(f) for f in files]
    findings.append(_blank("007-IKI-2026-TW1.xlsx", cell="F12"))
    text = _render(findings, width)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    flat = " ".join(text.split())
    assert "Temuan yang sama di 50 berkas (berlaku untuk setiap berkas):" in flat
    # An error among them: every one of the 50 files is named, none cut off or broken.
    names = ", ".join(files[:-1]) + f" dan {files[-1]}"
    assert names in flat and "berkas lain" not in flat
    for name in files:
        assert any(name in line for line in lines), name
    assert text.count("text-in-number") == 1 and text.count("blank-input") == 2
    # Most severe first: the shared error before the one file's own warning, whose file is
    # named as its own section's title.
    assert flat.index("text-in-number") < flat.index("F12")
    assert flat.index("Temuan yang sama") < flat.index("F12")
    assert re.search(r"^007-IKI-2026-TW1.xlsx *$", text, re.MULTILINE)
    if width >= 200:
        assert re.search(r"│ Galat +│ text-in-number +│ 02 Sekretaris +│ G29 ", text)
    else:
        assert re.search(r"Galat +text-in-number +02 Sekretaris › G29", text)


@pytest.mark.parametrize("width", [60, 120, 200])
def test_warnings_only_sections_are_cut_short_with_where_the_rest_are(width: int) -> None:
    files = [f"{i:03d}-IKI-2026-TW1.xlsx" for i in range(50)]
    flat = " ".join(_render([_blank(f) for f in files], width, "temuan.json").split())
    assert (
        "Temuan yang sama di 50 berkas (berlaku untuk setiap berkas): 000-IKI-2026-TW1.xlsx, "
        "001-IKI-2026-TW1.xlsx, 002-IKI-2026-TW1.xlsx dan 47 berkas lain "
        "(daftar lengkap: temuan.json)"
    ) in flat
    assert "003-IKI-2026-TW1.xlsx" not in flat
    # Nowhere to point at (pk, history import): every name.
    flat = " ".join(_render([_blank(f) for f in files], width, None).split())
    assert all(name in flat for name in files) and "berkas lain" not in flat


def _sheet_heavy(file: str) -> Finding:
    """A finding whose long sheet and indikator make its table wider than 120 columns."""
    return warning(
        "blank-input",
        BLANK,
        file=file,
        sheet="07 Seksi Identitas Penduduk dan Pemanfaatan Data",
        cell="F147",
        indikator="kia_tercetak_kecamatan_sei_rambai_tw2",
    )


@pytest.mark.parametrize("width", [80, 120, 150, 156, 200])
def test_one_form_for_the_whole_output(width: int) -> None:
    """At 120 and 150 the error section alone would fit a table, the sheet-heavy one not:
    one output never mixes the two forms; tables only once every section fits."""
    empty = [error("file-empty", "Berkas kosong (0 bita).", file=f"{i}.xlsx") for i in range(6)]
    heavy = [_sheet_heavy("x.xlsx"), _sheet_heavy("y.xlsx")]
    assert table_width(empty) < 120 < 150 < table_width(heavy) == 156
    text = _render([*empty, *heavy, _blank("z.xlsx")], width)
    tables = text.count("┃ Tingkat")
    assert text.count("Temuan yang sama di") == 2
    assert tables == (3 if width >= 156 else 0), text
    assert text.count("Galat  file-empty") == (0 if width >= 156 else 1)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)


@pytest.mark.parametrize("width", [50, 70, 120])
def test_long_file_names_are_not_broken(width: int) -> None:
    files = [f"revisi 2/kiriman ulang {i}/IKI-2026-TW2-kasi_{i}.xlsx" for i in range(7)]
    findings = [error("file-empty", "Berkas kosong (0 bita).", file=f) for f in files]
    findings += [_blank(f) for f in files]  # and a warnings-only section of the same files
    text = _render(findings, width)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    for name in files:  # each name whole on one line (the one with "dan" too)
        assert any(name in line for line in lines), name
    assert f"dan {files[-1]}" in " ".join(text.split())


def test_shared_text_is_never_markup() -> None:
    files = ["[bold]a[/bold].xlsx", "b[red].xlsx"]
    text = _render([_blank(f, message="Isi [b]sel[/b]\x1b[31m.") for f in files], 120)
    assert "[bold]a[/bold].xlsx dan b[red].xlsx" in text
    assert "berlaku untuk setiap berkas" in text
    assert "Isi [b]sel[/b]\\x1b[31m." in text


def test_summary_counts_every_finding() -> None:
    files = [f"{i:03d}.xlsx" for i in range(600)]
    findings = [_blank(f) for f in files] + [_blank(f, cell="F12") for f in files]
    findings += [_wrong("000.xlsx"), info("formula-used", "Rumus.", file="001.xlsx")]
    assert summary_line(findings, len(files)) == (
        "600 berkas diperiksa: 1 galat, 1.200 peringatan, 1 info."
    )
    assert "600 berkas" in _render(findings, 120)
