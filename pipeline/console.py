"""Terminal output: findings tables or lists, summaries and progress bars (rich).

Everything printed passes through `clean`: text from workbooks and file names may carry
control characters or terminal escape sequences, which must never reach the terminal raw.
The layout follows the terminal's width: a table only where every column fits, otherwise a
list with the severity, code and place on one line and the message indented beneath.
A finding that several files share (identical but for the file) is printed once with the
names of its files, and repetitive info findings (the same code many times) are summarised
in one line per code; every one of them stays in `check --json` and temuan.json.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from pipeline.findings import Finding, Severity, sort_findings
from pipeline.findings_view import Section, sections
from pipeline.fmt import angka

if TYPE_CHECKING:
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

T = TypeVar("T")
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
PROGRESS_THRESHOLD = 10
MESSAGE_MIN = 48  # a table whose message column would be narrower than this is not used
REPEAT_LIMIT = 3  # more info findings of one code than this are summarised
INDENT = 4


def __getattr__(name: str) -> Console:
    """`console` (stdout) and `err_console` (stderr), made on first use.

    rich is imported only when something is printed with it: `check --json` and the
    start-up of every command do not pay for it.
    """
    if name not in ("console", "err_console"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rich.console import Console

    made = Console(stderr=name == "err_console", highlight=False)
    globals()[name] = made
    return made


def escape(text: str) -> str:
    """`text` with rich markup characters escaped (rich imported on first use)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def _get(name: str) -> Console:
    made = globals().get(name)
    return made if made is not None else __getattr__(name)


# C0 controls (but newline), DEL, C1 controls (U+009B is a CSI on some terminals), and the
# bidirectional overrides that make text display in another order than it is stored.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None, *, newlines: bool = False) -> str:
    """`text` safe for a terminal: each control character shown as a visible \\xNN code."""
    if not text:
        return ""
    out = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return out if newlines else out.replace("\n", " ")


def _cells(f: Finding) -> tuple[str, str, str, str, str, str]:
    return (
        f.severity.label,
        clean(f.code),
        clean(f.sheet),
        clean(f.cell),
        clean(f.indikator or f.jabatan),
        clean(f.message),
    )


def table_width(findings: Sequence[Finding]) -> int:
    """Columns a findings table needs for its message column to stay readable."""
    widths = [0] * 5
    for f in findings:
        for i, text in enumerate(_cells(f)[:5]):
            widths[i] = max(widths[i], min(len(text), 32))
    # 6 columns: one border at each side and between, one space of padding each side.
    return sum(widths) + MESSAGE_MIN + 6 * 3 + 1


def findings_table(findings: Sequence[Finding], title: str | Text | None = None) -> Table:
    from rich.table import Table
    from rich.text import Text

    if isinstance(title, str):
        title = Text(clean(title), style="bold")
    table = Table(title=title or None, expand=True)
    table.add_column("Tingkat", no_wrap=True)
    table.add_column("Kode", no_wrap=True, style="dim")
    table.add_column("Lembar", overflow="fold", max_width=32)
    table.add_column("Sel", no_wrap=True)
    table.add_column("Indikator", overflow="fold", max_width=32)
    table.add_column("Pesan", ratio=3, overflow="fold", min_width=MESSAGE_MIN)
    for f in findings:
        label, code, sheet, cell, where, message = _cells(f)
        # Text objects: workbook text may hold "[...]", never read as rich markup.
        table.add_row(
            Text(label, style=STYLE[f.severity]),
            code,
            Text(sheet),
            cell,
            Text(where),
            Text(message),
        )
    return table


def findings_list(findings: Sequence[Finding]) -> Group:
    """Narrow form: severity, code and place on one line; the message indented beneath."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    parts = []
    for f in findings:
        label, code, sheet, cell, where, message = _cells(f)
        head = Text()
        head.append(label, style=STYLE[f.severity])
        head.append("  ")
        head.append(code, style="dim")
        place = " › ".join(p for p in (sheet, cell) if p)
        if place:
            head.append(f"  {place}")
        if where:
            head.append(f"  ({where})", style="dim")
        parts.append(head)
        parts.append(Padding(Text(message, overflow="fold"), (0, 0, 0, INDENT)))
    return Group(*parts)


def summarise(findings: Sequence[Finding]) -> tuple[list[Finding], list[tuple[Finding, int]]]:
    """Split off info findings repeated more than REPEAT_LIMIT times: (rest, [(example, n)])."""
    counts = Counter(f.code for f in findings if f.severity is Severity.INFO)
    repeated = {code for code, n in counts.items() if n > REPEAT_LIMIT}
    rest = [f for f in findings if f.code not in repeated or f.severity is not Severity.INFO]
    examples: dict[str, Finding] = {}
    for f in findings:
        if f.code in repeated and f.severity is Severity.INFO:
            examples.setdefault(f.code, f)
    return rest, [(examples[c], counts[c]) for c in sorted(repeated)]


def _title(section: Section, style: str) -> Text:
    """The section's heading in `style`; a shared section's file names on a line of their own
    beneath it, so that a long list wraps by itself (file names: a Text, never markup)."""
    from rich.text import Text

    title = Text(clean(section.heading), style=style)
    if section.names:
        title.append(":\n")
        title.append(clean(section.names))
    return title


def print_findings(findings: Iterable[Finding], out: Console | None = None) -> None:
    """One table (or list) per section, most severe first; repetitive info summarised last.

    A finding that many files share, identical but for the file, is printed once under the
    names of those files (see findings_view); the rest under their own file, as ever.
    """
    from rich.padding import Padding
    from rich.text import Text

    out = out if out is not None else _get("console")
    shown, repeated = summarise(sort_findings(findings))
    for section in sections(shown):
        items = section.findings
        if out.width >= table_width(items):
            out.print(findings_table(items, title=_title(section, "bold")))
        else:
            out.print(_title(section, "bold underline"))
            out.print(findings_list(items))
    for example, n in repeated:
        head = Text()
        head.append(example.severity.label, style=STYLE[example.severity])
        head.append("  ")
        head.append(clean(example.code), style="dim")
        head.append(f"  {angka(n)} temuan serupa (semua tercantum di --json dan temuan.json)")
        out.print(head)
        sample = f"Contoh, {clean(example.location) or '(umum)'}: {clean(example.message)}"
        out.print(Padding(Text(sample, overflow="fold"), (0, 0, 0, INDENT)))


def summary_line(findings: Sequence[Finding], files: int) -> str:
    counts = Counter(f.severity for f in findings)
    # Every finding counted, the shared ones once per file they occur in.
    return (
        f"{angka(files)} berkas diperiksa: {angka(counts[Severity.ERROR])} galat, "
        f"{angka(counts[Severity.WARNING])} peringatan, {angka(counts[Severity.INFO])} info."
    )


def progress(items: Sequence[T], description: str, *, enabled: bool = True) -> Iterator[T]:
    """Iterate with a progress bar on stderr when there are many items and a terminal."""
    if not enabled or len(items) < PROGRESS_THRESHOLD or not _get("err_console").is_terminal:
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=_get("err_console"), transient=True) as bar:
        task = bar.add_task(description, total=len(items))
        for item in items:
            yield item
            bar.advance(task)
