"""Terminal output: findings tables, summaries and progress bars (rich)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.findings import Finding, Severity, sort_findings

T = TypeVar("T")
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
PROGRESS_THRESHOLD = 10

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def findings_table(findings: Sequence[Finding], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False, expand=True)
    table.add_column("Tingkat", no_wrap=True)
    table.add_column("Kode", no_wrap=True, style="dim")
    table.add_column("Lembar", overflow="fold")
    table.add_column("Sel", no_wrap=True)
    table.add_column("Indikator", overflow="fold")
    table.add_column("Pesan", ratio=3, overflow="fold")
    for f in findings:
        table.add_row(
            f"[{STYLE[f.severity]}]{f.severity.label}[/]",
            f.code,
            f.sheet or "",
            f.cell or "",
            f.indikator or f.jabatan or "",
            f.message,
        )
    return table


def print_findings(findings: Iterable[Finding], out: Console = console) -> None:
    """One table per file, most severe first."""
    ordered = sort_findings(findings)
    by_file: dict[str, list[Finding]] = {}
    for f in ordered:
        by_file.setdefault(f.file or "(umum)", []).append(f)
    for file, items in by_file.items():
        out.print(findings_table(items, title=f"[bold]{escape(file)}[/]"))


def summary_line(findings: Sequence[Finding], files: int) -> str:
    counts = Counter(f.severity for f in findings)
    return (
        f"{files} berkas diperiksa: {counts[Severity.ERROR]} galat, "
        f"{counts[Severity.WARNING]} peringatan, {counts[Severity.INFO]} info."
    )


def progress(items: Sequence[T], description: str, *, enabled: bool = True) -> Iterator[T]:
    """Iterate with a progress bar on stderr when there are many items and a terminal."""
    if not enabled or len(items) < PROGRESS_THRESHOLD or not err_console.is_terminal:
        yield from items
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=len(items))
        for item in items:
            yield item
            bar.advance(task)
