"""Commands on the archive and the office data: `history ...` and `targets ...`.

Registered on the main group in pipeline.cli; same conventions (thin, exit codes 0/1/2).
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from pipeline.cli import EXIT_FINDINGS, EXIT_OK, guarded
from pipeline.console import console, err_console
from pipeline.errors import UsageError

archive_option = click.option(
    "--archive",
    "archive_path",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="BERKAS",
    help="Berkas arsip (bawaan: arsip.berkas di config).",
)


@click.group(options_metavar="[OPSI]", subcommand_metavar="PERINTAH [ARG]...")
def history() -> None:
    """Riwayat tahun sebelumnya di arsip: impor, daftar, template workbook."""


@history.command("import", options_metavar="[OPSI]")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS")
@click.option(
    "--year",
    "tahun",
    type=int,
    metavar="TAHUN",
    help="Tahun angka hasil.csv lama yang tidak punya kolom tahun.",
)
@archive_option
@click.pass_context
@guarded
def history_import(
    ctx: click.Context, file: Path, tahun: int | None, archive_path: Path | None
) -> int:
    """Impor angka tahun sebelumnya: hasil.csv alat ini atau workbook riwayat yang diisi."""
    from pipeline.archive import open_archive
    from pipeline.console import print_findings
    from pipeline.context import load_context
    from pipeline.history.book import import_history_workbook
    from pipeline.history.csvimport import import_hasil_csv

    context = load_context(ctx.obj["config_path"])
    if not file.is_file():
        raise UsageError(f"Berkas {file} tidak ditemukan.")
    suffix = file.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(
            f"{file.name}: yang dapat diimpor hanya hasil.csv (.csv) dan workbook riwayat "
            "(.xlsx) dari `python -m pipeline history template`."
        )
    with open_archive(archive_path or context.config.arsip) as archive:
        if suffix == ".csv":
            outcome = import_hasil_csv(archive, file, context.catalog, tahun=tahun)
        else:
            outcome = import_history_workbook(archive, file, context)
    print_findings(outcome.findings)
    if not outcome.ok:
        err_console.print(
            f"[bold red]Tidak diimpor[/]: perbaiki galat di {escape(file.name)}, lalu ulangi.",
            soft_wrap=True,
        )
        return EXIT_FINDINGS
    years = ", ".join(map(str, outcome.tahun)) or "-"
    verb = "sudah ada di arsip (tidak diubah)" if outcome.already else "diimpor ke arsip"
    console.print(f"Riwayat tahun {years} {verb}: {escape(file.name)}.")
    return EXIT_OK


@history.command("list", options_metavar="[OPSI]")
@archive_option
@click.pass_context
@guarded
def history_list(ctx: click.Context, archive_path: Path | None) -> int:
    """Tampilkan per tahun dari mana angkanya berasal."""
    from pipeline import fmt
    from pipeline.archive import open_archive
    from pipeline.archive.query import list_sources
    from pipeline.config import load_config

    config = load_config(ctx.obj["config_path"])
    with open_archive(archive_path or config.arsip, create=False) as archive:
        sources = list_sources(archive)
    if not sources:
        console.print("Arsip belum berisi laporan atau riwayat.")
        return EXIT_OK
    table = Table(title="Riwayat di arsip")
    for head in ("Tahun", "Dipakai", "Jenis", "Sumber", "TW", "Dicatat", "Baris"):
        table.add_column(head, no_wrap=True)
    table.add_column("Berkas", overflow="fold")
    label = {"laporan": "laporan", "impor_csv": "hasil.csv", "impor_workbook": "workbook"}
    for s in sources:
        table.add_row(
            str(s.tahun),
            "✓" if s.dipakai else "",
            "draf" if s.draf else "resmi",
            label.get(s.sumber, s.sumber),
            fmt.tw(s.triwulan),
            s.dibuat[:10],
            str(s.baris),
            escape(s.berkas or "-"),
        )
    console.print(table)
    console.print(
        "Laporan tahun N memakai, untuk setiap tahun N-4..N-1, baris bertanda ✓: "
        "laporan resmi (bukan draf) dengan triwulan terakhir, yang terbaru."
    )
    return EXIT_OK


@history.command("template", options_metavar="[OPSI]")
@click.option("--from-year", "awal", type=int, required=True, metavar="TAHUN")
@click.option("--to-year", "akhir", type=int, required=True, metavar="TAHUN")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="FOLDER",
    help="Folder tujuan (bawaan: folder.template di config).",
)
@click.pass_context
@guarded
def history_template(ctx: click.Context, awal: int, akhir: int, out_dir: Path | None) -> int:
    """Buat workbook riwayat (target dan realisasi per indikator per tahun) untuk diisi."""
    from pipeline.context import load_context
    from pipeline.history.book import write_history_template

    context = load_context(ctx.obj["config_path"])
    folder = out_dir or context.config.folder.template
    path = write_history_template(context, awal, akhir, folder / f"riwayat-{awal}-{akhir}.xlsx")
    click.echo(str(path))
    return EXIT_OK
