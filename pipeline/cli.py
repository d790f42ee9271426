"""Command line: parse arguments, call one library function, map the outcome to an exit code.

Exit codes: 0 clean, 1 findings with errors in the data, 2 usage or configuration error,
3 internal error (a bug: please report it with the --debug output), 130 Ctrl+C, 143 SIGTERM
(both unwind and print "Dibatalkan.": see cli_base.guarded).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

import pipeline.console as term
from pipeline.cli_base import (
    EXIT_FINDINGS,
    EXIT_OK,
    archive_option,
    guarded,
    out_option,
    quarter_option,
    year_option,
)
from pipeline.cli_history import history, targets
from pipeline.cli_messages import install as use_indonesian_messages
from pipeline.cli_types import DATE
from pipeline.errors import UsageError

use_indonesian_messages()


def load_settings(config_path: Path):
    from pipeline.config import load_config

    return load_config(config_path)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[OPSI]",
    subcommand_metavar="PERINTAH [ARG]...",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    metavar="BERKAS",
    default=Path("config.toml"),
    show_default=True,
    help="Berkas konfigurasi.",
)
@click.option("--debug", is_flag=True, help="Tampilkan traceback untuk kesalahan internal.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path, debug: bool) -> None:
    """IKI pipeline Disdukcapil: katalog, template, pemeriksaan dan laporan triwulan."""
    ctx.obj = {"config_path": config_path}


@cli.command(options_metavar="[OPSI]")
@click.option("--json", "as_json", is_flag=True, help="Cetak katalog sebagai JSON.")
@click.option(
    "--decisions",
    is_flag=True,
    help="Daftar keputusan katalog yang perlu dikonfirmasi kantor (dengan statusnya).",
)
@click.pass_context
@guarded
def catalog(ctx: click.Context, as_json: bool, decisions: bool) -> int:
    """Tampilkan katalog jabatan dan indikator."""
    from pipeline.catalog import load_catalog
    from pipeline.catalog_view import catalog_summary, decisions_table
    from pipeline.honesty.decisions import load_confirmed

    settings = load_settings(ctx.obj["config_path"])
    cat = load_catalog(settings.katalog)
    if decisions:
        confirmed = load_confirmed(settings.keputusan, cat)
        if as_json:
            rows = [{**k.to_dict(), "dikonfirmasi": k.id in confirmed} for k in cat.keputusan]
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            term.console.print(decisions_table(cat, confirmed, settings.keputusan))
    elif as_json:
        click.echo(json.dumps(cat.to_dict(), ensure_ascii=False, indent=2))
    else:
        term.console.print(catalog_summary(cat))
    return EXIT_OK


@cli.command(options_metavar="[OPSI]")
@year_option
@quarter_option("Triwulan yang akan diisi, 1-4.")
@out_option
@click.option(
    "--split",
    type=click.Choice(["jabatan", "bidang"]),
    help="Satu berkas per jabatan atau per bidang (bawaan: satu berkas utuh).",
)
@click.option(
    "--input",
    "input_dir",
    type=click.Path(path_type=Path),
    metavar="FOLDER",
    help="Folder kiriman triwulan sebelumnya, ditampilkan sebagai konteks "
    "(bawaan: folder.input di config).",
)
@click.pass_context
@guarded
def template(
    ctx: click.Context,
    tahun: int | None,
    triwulan: int,
    out_dir: Path | None,
    split: str | None,
    input_dir: Path | None,
) -> int:
    """Buat workbook isian triwulan untuk dikirim ke setiap jabatan."""
    from pipeline.context import load_context
    from pipeline.template.earlier import make_template

    context = load_context(ctx.obj["config_path"], tahun)
    outcome = make_template(
        context,
        tahun or context.config.tahun,
        triwulan,
        out_dir or context.config.folder.template,
        split=split,
        input_dir=input_dir or context.config.folder.input,
    )
    for path in outcome.written:
        click.echo(str(path))
    note = (
        f" Realisasi triwulan sebelumnya diambil dari {outcome.earlier_files} berkas kiriman."
        if outcome.earlier_files
        else ""
    )
    term.err_console.print(f"{len(outcome.written)} berkas template ditulis.{note}", soft_wrap=True)
    if outcome.findings:
        term.err_console.print(
            "Sebagian kiriman triwulan sebelumnya bermasalah; nilainya tidak ditampilkan. "
            "Jalankan `python -m pipeline check` untuk rinciannya.",
            soft_wrap=True,
        )
    return EXIT_OK


@cli.command(options_metavar="[OPSI]")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[BERKAS|FOLDER]...")
@year_option
@click.option("--json", "as_json", is_flag=True, help="Cetak berkas dan temuan sebagai JSON.")
@click.pass_context
@guarded
def check(ctx: click.Context, paths: tuple[Path, ...], tahun: int | None, as_json: bool) -> int:
    """Periksa workbook kiriman (berkas atau folder; bawaan: folder.input di config)."""
    from pipeline.console import print_findings, summary_line
    from pipeline.context import load_context
    from pipeline.findings import has_errors
    from pipeline.preflight import validate_report_data
    from pipeline.reader.files import scan_inputs
    from pipeline.reader.read import read_workbooks
    from pipeline.reader.skipped import none_read_hint, skipped_line

    context = load_context(ctx.obj["config_path"], tahun)
    validate_report_data(context)  # what `report` would stop on, found here first
    sources = list(paths) or [context.config.folder.input]
    inputs = scan_inputs(sources)
    files = inputs.workbooks
    if not files:
        raise UsageError(
            f"Tidak ada workbook (.xlsx) di {', '.join(str(s) for s in sources)}. "
            f"{none_read_hint(inputs.skipped)}Simpan workbook kiriman di sana, atau sebutkan "
            "berkas/foldernya: python -m pipeline check FOLDER."
        )
    from pipeline.honesty.completeness import expected_quarters
    from pipeline.honesty.report import check_findings, submission_lines

    result = read_workbooks(
        files, context, tahun=tahun, progress=not as_json, skipped=inputs.skipped
    )
    # Files named one by one (a returned workbook being checked) say nothing about who else
    # has sent: the office's completeness is judged only when a folder is given.
    whole = any(Path(s).is_dir() for s in sources)
    quarters = expected_quarters(result.value_rows, None, result.claims) if whole else []
    result.findings.extend(check_findings(context, result, quarters))
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        from rich.text import Text

        print_findings(result.findings, full_list="check --json")
        for line in submission_lines(context, result, quarters):
            # Plain text (never rich markup), control characters shown, wrapped to the width.
            term.console.print(Text(term.clean(line)))
        if not whole:
            term.console.print(
                "Kelengkapan kiriman (siapa sudah dan belum mengirim) diperiksa bila yang "
                "disebut folder, mis. python -m pipeline check FOLDER.",
                markup=False,
            )
        term.console.print(summary_line(result.findings, len(result.files)))
        if inputs.skipped:
            term.console.print(Text(term.clean(skipped_line(inputs.skipped))))
    return EXIT_FINDINGS if has_errors(result.findings) else EXIT_OK


@cli.command(options_metavar="[OPSI]")
@year_option
@quarter_option("Triwulan pelaporan, 1-4.")
@click.option(
    "--input",
    "input_dir",
    type=click.Path(path_type=Path),
    metavar="FOLDER",
    help="Folder workbook kiriman (bawaan: folder.input di config).",
)
@click.option(
    "--output",
    "output_dir",
    type=click.Path(path_type=Path),
    metavar="FOLDER",
    help="Folder keluaran (bawaan: folder.output di config).",
)
@click.option("--draft", is_flag=True, help="Tulis keluaran walau ada galat; bertanda DRAF.")
@click.option(
    "--date",
    "tanggal",
    type=DATE,
    metavar="TTTT-BB-HH",
    help="Tanggal tanda tangan, TTTT-BB-HH (bawaan: laporan.tanggal_ttd atau hari ini).",
)
@archive_option
@click.pass_context
@guarded
def report(
    ctx: click.Context,
    tahun: int | None,
    triwulan: int,
    input_dir: Path | None,
    output_dir: Path | None,
    draft: bool,
    tanggal,
    archive_path: Path | None,
) -> int:
    """Hitung semua indikator dan tulis rekap, hasil.csv dan dokumen PDF."""
    from pipeline import fmt
    from pipeline.console import print_findings, summary_line
    from pipeline.context import load_context
    from pipeline.preflight import validate_report_data
    from pipeline.publish import run_report

    context = load_context(ctx.obj["config_path"], tahun)
    validate_report_data(context)
    year = tahun or context.config.tahun
    source = input_dir or context.config.folder.input
    if not source.is_dir():
        raise UsageError(
            f"Folder masukan {source} tidak ditemukan. Simpan workbook kiriman di "
            "sana atau sebutkan foldernya dengan --input."
        )
    outcome = run_report(
        context,
        tahun=year,
        triwulan=triwulan,
        input_dir=source,
        output_root=output_dir or context.config.folder.output,
        draft=draft,
        tanggal_ttd=tanggal,
        progress=True,
        archive_path=archive_path,
    )
    shown = [f for f in outcome.findings if f.severity != "info"] or outcome.findings
    # temuan.json holds every finding file by file, but is written only with the report.
    full = any(path.name == "temuan.json" for path in outcome.written)
    print_findings(shown, full_list="temuan.json" if full else "check --json")
    if outcome.read is not None:
        from rich.text import Text

        from pipeline.honesty.report import submission_lines

        for line in submission_lines(context, outcome.read, list(range(1, triwulan + 1))):
            # Plain text, wrapped to the terminal like `check` (one line per quarter can
            # list all 21 officials).
            term.console.print(Text(term.clean(line)))
    term.console.print(summary_line(outcome.findings, outcome.files_read))
    if not outcome.written:
        term.err_console.print(
            f"[bold red]Laporan tidak dibuat[/]: perbaiki galat di atas, lalu "
            f"jalankan ulang (atau pakai --draft). {outcome.out_dir} tidak diubah.",
            soft_wrap=True,
        )
        return EXIT_FINDINGS
    term.console.print(
        f"Laporan {'DRAF ' if draft else ''}ditulis ke [bold]{outcome.out_dir}[/] "
        f"({fmt.angka(len(outcome.written))} berkas, "
        f"{fmt.angka(outcome.timings.get('total', 0), 1)} detik)."
    )
    return EXIT_FINDINGS if not outcome.ok else EXIT_OK


@cli.command(options_metavar="[OPSI]")
@year_option
@click.option(
    "--output",
    "output_dir",
    type=click.Path(path_type=Path),
    metavar="FOLDER",
    help="Folder keluaran (bawaan: folder.output di config); ditulis ke <FOLDER>/pk-<tahun>.",
)
@click.option(
    "--date",
    "tanggal",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="TTTT-BB-HH",
    help="Tanggal penandatanganan, TTTT-BB-HH (bawaan: hari ini).",
)
@click.pass_context
@guarded
def pk(ctx: click.Context, tahun: int | None, output_dir: Path | None, tanggal) -> int:
    """Tulis Perjanjian Kinerja setiap jabatan (PDF per jabatan, gabungan, dan .docx)."""
    from pipeline.console import print_findings, summary_line
    from pipeline.context import load_context
    from pipeline.pk import write_pk

    context = load_context(ctx.obj["config_path"], tahun)
    outcome = write_pk(
        context,
        tahun=tahun or context.config.tahun,
        output_root=output_dir or context.config.folder.output,
        tanggal=tanggal.date() if tanggal else None,
    )
    print_findings(outcome.findings)
    term.console.print(summary_line(outcome.findings, len({f.file for f in outcome.findings})))
    term.console.print(
        f"Perjanjian Kinerja ditulis ke [bold]{outcome.out_dir}[/] ({len(outcome.written)} berkas)."
    )
    return EXIT_OK if outcome.ok else EXIT_FINDINGS


def main() -> None:
    cli(prog_name="python -m pipeline")


cli.add_command(history)
cli.add_command(targets)
