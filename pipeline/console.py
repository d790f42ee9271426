"""Terminal output: findings tables, summaries and progress bars (rich)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from pipeline.findings import Finding, Severity, sort_findings

T = TypeVar("T")
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
PROGRESS_THRESHOLD = 10

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


WIDE = 120  # below this a table squeezes the message into a sliver: list instead


def findings_table(findings: Sequence[Finding], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False, expand=True)
    table.add_column("Tingkat", no_wrap=True)
    table.add_column("Kode", no_wrap=True, style="dim")
    table.add_column("Lembar", overflow="fold")
    table.add_column("Sel", no_wrap=True)
    table.add_column("Indikator", overflow="fold")
    table.add_column("Pesan", ratio=3, overflow="fold")
    for f in findings:
        # Text from workbooks may hold "[...]": never let rich read it as markup.
        table.add_row(
            Text(f.severity.label, style=STYLE[f.severity]),
            f.code,
            Text(f.sheet or ""),
            f.cell or "",
            Text(f.indikator or f.jabatan or ""),
            Text(f.message),
        )
    return table


def findings_list(findings: Sequence[Finding]) -> Text:
    """Compact form for narrow terminals: a heading line per finding, the message below."""
    out = Text()
    for f in findings:
        out.append(f"{f.severity.label:<10}", style=STYLE[f.severity])
        where = " › ".join(p for p in (f.sheet, f.cell) if p)
        out.append(f.code, style="dim")
        if where:
            out.append(f"  {where}")
        if f.indikator or f.jabatan:
            out.append(f"  ({f.indikator or f.jabatan})", style="dim")
        out.append("\n")
        out.append(f"          {f.message}\n")
    return out


def print_findings(findings: Iterable[Finding], out: Console = console) -> None:
    """Grouped by file, most severe first: a table on wide terminals, a list otherwise."""
    ordered = sort_findings(findings)
    by_file: dict[str, list[Finding]] = {}
    for f in ordered:
        by_file.setdefault(f.file or "(umum)", []).append(f)
    for file, items in by_file.items():
        if out.width >= WIDE:
            out.print(findings_table(items, title=f"[bold]{escape(file)}[/]"))
        else:
            out.print(Text(file, style="bold underline"))
            out.print(findings_list(items))


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
