"""Command line: parse arguments, call one library function, map the outcome to an exit code.

Exit codes: 0 clean, 1 findings with errors in the data, 2 usage or configuration error,
3 internal error (a bug: please report it with the --debug output).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from pipeline.console import console, err_console
from pipeline.errors import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def guarded(fn: Callable[..., int]) -> Callable[..., None]:
    """Run a command body; turn known errors into exit codes, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> None:
        ctx = click.get_current_context()
        try:
            code = fn(*args, **kwargs)
        except UsageError as exc:
            err_console.print(f"[bold red]Galat:[/] {exc}")
            code = EXIT_USAGE
        except KeyboardInterrupt:
            err_console.print("Dibatalkan.")
            code = 130
        except Exception as exc:
            if ctx.find_root().params.get("debug"):
                raise
            err_console.print(
                f"[bold red]Kesalahan internal:[/] {type(exc).__name__}: {exc}. "
                "Jalankan ulang dengan --debug dan laporkan keluarannya ke pengembang."
            )
            code = EXIT_INTERNAL
        sys.exit(code)

    return wrapper


def load_settings(config_path: Path):
    from pipeline.config import load_config

    return load_config(config_path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    default=Path("config.toml"),
    show_default=True,
    help="Berkas konfigurasi.",
)
@click.option("--debug", is_flag=True, help="Tampilkan traceback untuk kesalahan internal.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path, debug: bool) -> None:
    """IKI pipeline Disdukcapil: katalog, template, pemeriksaan dan laporan triwulan."""
    ctx.obj = {"config_path": config_path}


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Cetak katalog sebagai JSON.")
@click.pass_context
@guarded
def catalog(ctx: click.Context, as_json: bool) -> int:
    """Tampilkan katalog jabatan dan indikator."""
    from pipeline.catalog import load_catalog
    from pipeline.catalog_view import catalog_summary

    settings = load_settings(ctx.obj["config_path"])
    cat = load_catalog(settings.katalog)
    if as_json:
        click.echo(json.dumps(cat.to_dict(), ensure_ascii=False, indent=2))
    else:
        console.print(catalog_summary(cat))
    return EXIT_OK


def main() -> None:
    cli(prog_name="python -m pipeline")
