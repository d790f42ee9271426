"""Commands on the archive and the office data: `history ...` and `targets ...`.

Registered on the main group in pipeline.cli; same conventions (thin, exit codes 0/1/2).
"""

from __future__ import annotations

from pathlib import Path

import click

import pipeline.console as term
from pipeline.cli_base import EXIT_FINDINGS, EXIT_OK, archive_option, guarded, out_option
from pipeline.cli_types import YEAR
from pipeline.errors import UsageError


@click.group(options_metavar="[OPSI]", subcommand_metavar="PERINTAH [ARG]...")
def history() -> None:
    """Riwayat tahun sebelumnya di arsip: impor, daftar, template workbook."""


@history.command("import", options_metavar="[OPSI]")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS")
@click.option(
    "--year",
    "tahun",
    type=YEAR,
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
        term.err_console.print(
            f"[bold red]Tidak diimpor[/]: perbaiki galat di {term.escape(file.name)}, lalu ulangi.",
            soft_wrap=True,
        )
        return EXIT_FINDINGS
    if not outcome.tahun:
        term.console.print(
            f"Tidak ada yang diimpor: {term.escape(file.name)} tidak berisi angka. Arsip tidak "
            "diubah; isi sel kuningnya, simpan, lalu impor ulang."
        )
        return EXIT_OK
    years = ", ".join(map(str, outcome.tahun))
    verb = "sudah ada di arsip (tidak diubah)" if outcome.already else "diimpor ke arsip"
    term.console.print(f"Riwayat tahun {years} {verb}: {term.escape(file.name)}.")
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
        term.console.print("Arsip belum berisi laporan atau riwayat.")
        return EXIT_OK
    from rich.table import Table

    rows = group_sources(sources)
    # Borderless: the nine columns fit an 80-column console without cutting any value.
    table = Table(title="Riwayat di arsip", box=None, pad_edge=False, padding=(0, 1))
    for head in ("No", "Tahun", "Pakai", "Sumber", "TW", "Dicatat", "Kali"):
        table.add_column(head, no_wrap=True)
    table.add_column("Baris", no_wrap=True, justify="right")
    label = {"laporan": "laporan", "impor_csv": "hasil.csv", "impor_workbook": "workbook"}
    for n, (s, times) in enumerate(rows, start=1):
        table.add_row(
            str(n),
            str(s.tahun),
            "✓" if s.dipakai else "",
            f"{label.get(s.sumber, s.sumber)}, {'draf' if s.draf else 'resmi'}",
            fmt.tw(s.triwulan),
            _when(s.dibuat),
            f"{times}×",
            fmt.angka(s.baris),
        )
    term.console.print(table)
    # Paths on their own lines: a table column would break them mid-word.
    term.console.print("Berkas sumber:")
    for n, (s, _) in enumerate(rows, start=1):
        shown = term.escape(s.berkas) if s.berkas else "(laporan dari folder masukan)"
        term.console.print(f"  {n}. {shown}", soft_wrap=True)
    term.console.print(
        "Laporan tahun N memakai, untuk setiap tahun N-4..N-1, baris bertanda ✓: "
        "laporan resmi (bukan draf) dengan triwulan terakhir, yang terbaru. Kali: berapa kali "
        "sumber yang sama (tahun, jenis, triwulan, berkas, jumlah baris) tercatat, mis. "
        "karena `make demo` dijalankan ulang; Dicatat: yang terakhir."
    )
    return EXIT_OK


def group_sources(sources: list) -> list[tuple]:
    """Runs that differ only in time (the same demo run again) as one row: the newest one
    (the used one, when it is among them) with how many there are."""
    groups: dict[tuple, list] = {}
    for s in sources:
        key = (s.tahun, s.draf, s.sumber, s.triwulan, s.berkas, s.baris)
        groups.setdefault(key, []).append(s)
    out = []
    for members in groups.values():
        shown = next((m for m in members if m.dipakai), members[0])
        out.append((shown, len(members)))
    return out


def _when(iso: str) -> str:
    """'2026-11-30T10:15:02.123456' -> '30 Nov 2026 10.15' (Indonesian month names)."""
    import datetime as dt

    from babel.dates import format_date

    from pipeline.fmt import LOCALE

    try:
        t = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{format_date(t.date(), format='d MMM y', locale=LOCALE)} {t:%H.%M}"


@history.command("template", options_metavar="[OPSI]")
@click.option("--from-year", "awal", type=YEAR, required=True, metavar="TAHUN")
@click.option("--to-year", "akhir", type=YEAR, required=True, metavar="TAHUN")
@out_option
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


@click.group(options_metavar="[OPSI]", subcommand_metavar="PERINTAH [ARG]...")
def targets() -> None:
    """Data kantor: target PK/Rencana Aksi, Renstra dan standar lewat workbook Excel."""


@targets.command("template", options_metavar="[OPSI]")
@click.option(
    "--year",
    "tahun",
    type=YEAR,
    required=True,
    metavar="TAHUN",
    help="Tahun target (Perjanjian Kinerja).",
)
@click.option(
    "--renstra",
    "periode",
    metavar="AWAL-AKHIR",
    help="Periode Renstra, mis. 2025-2029 (bawaan: periode di berkas Renstra).",
)
@out_option
@click.pass_context
@guarded
def targets_template(
    ctx: click.Context, tahun: int, periode: str | None, out_dir: Path | None
) -> int:
    """Buat workbook target, Renstra dan standar (terisi dari data/ yang sudah ada)."""
    from pipeline.catalog import load_targets
    from pipeline.context import load_office_data
    from pipeline.officebook.targets import OfficeData, write_targets_template
    from pipeline.officebook.tomlwrite import sample_flag

    config, catalog, renstra, standar = load_office_data(ctx.obj["config_path"])
    target_file = config.target_path(tahun)
    known = load_targets(target_file, catalog).by_id if target_file.is_file() else {}
    awal, akhir = _period(periode, renstra, tahun)
    # The sample marker of each data file, shown (and changeable) in the workbook.
    files = {"target": target_file, "renstra": config.renstra, "standar": config.standar}
    contoh = {k: p is not None and p.is_file() and sample_flag(p) for k, p in files.items()}
    data = OfficeData(tahun, known, renstra, standar, contoh)
    folder = out_dir or config.folder.template
    path = write_targets_template(catalog, data, folder / f"target-{tahun}.xlsx", awal=awal,
                                  akhir=akhir, password=config.kata_sandi)  # fmt: skip
    click.echo(str(path))
    return EXIT_OK


def _period(text: str | None, renstra, tahun: int) -> tuple[int, int]:
    if text:
        parts = text.split("-")
        if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
            awal, akhir = (int(p) for p in parts)
            if 2000 <= awal < akhir <= awal + 10:
                return awal, akhir
        raise UsageError(f"--renstra '{text}' tidak sah: tulis AWAL-AKHIR, mis. 2025-2029.")
    if renstra is not None:
        return renstra.awal, renstra.akhir
    return tahun, tahun + 4


@targets.command("import", options_metavar="[OPSI]")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS")
@click.pass_context
@guarded
def targets_import(ctx: click.Context, file: Path) -> int:
    """Periksa workbook target yang diisi, lalu tulis berkas TOML di folder data."""
    from pipeline.catalog import load_catalog
    from pipeline.config import load_config
    from pipeline.console import print_findings
    from pipeline.officebook.targets import read_targets_workbook, save_office_data

    # Only config and catalog: the data files may be broken, the import replaces them.
    config = load_config(ctx.obj["config_path"])
    catalog = load_catalog(config.katalog)
    if not file.is_file():
        raise UsageError(f"Berkas {file} tidak ditemukan.")
    outcome = read_targets_workbook(file, catalog)
    print_findings(outcome.findings)
    if not outcome.ok or outcome.data is None:
        term.err_console.print(
            f"[bold red]Tidak diimpor[/]: perbaiki galat di {term.escape(file.name)}, lalu ulangi. "
            "Berkas di folder data tidak diubah.",
            soft_wrap=True,
        )
        return EXIT_FINDINGS
    for saved in save_office_data(config, catalog, outcome.data, file.name):
        mark = " [DATA CONTOH]" if saved.contoh else ""
        if saved.changed:
            term.console.print(
                f"Ditulis: {term.escape(str(saved.path))}{mark} (yang lama disimpan sebagai "
                ".bak bila ada; komentar di berkas lama tidak dibawa)"
            )
        else:
            term.console.print(
                f"Tidak berubah: {term.escape(str(saved.path))}{mark} (isinya sama; berkas "
                "tidak ditulis ulang, komentarnya tetap)"
            )
    return EXIT_OK
