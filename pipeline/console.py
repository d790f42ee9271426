"""Terminal output: findings tables or lists, summaries and progress bars (rich).

Everything printed passes through `clean`: text from workbooks and file names may carry
control characters or terminal escape sequences, which must never reach the terminal raw.
The layout follows the terminal's width, chosen once per output: tables where every table's
columns fit, otherwise lists with the severity, code and place on one line and the message
indented beneath. A finding that several files share (identical but for the file) is
printed once with the names of its files (all of them when an error is among the
findings), and repetitive info findings (the same code many times) are summarised in one
line per code; every one of them stays in `check --json` and temuan.json.
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
    table = Table(title=title or None, title_justify="left", expand=True)
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


def pack(parts: Sequence[str], width: int) -> list[str]:
    """`parts` joined by spaces into lines of at most `width`, a part never split unless
    it is longer than a whole line: then once, after its first word ('dan' of 'dan <name>',
    so the name stays whole); what is still too long is left to rich to wrap."""
    lines: list[str] = []
    for part in parts:
        words = [part] if len(part) <= width else part.split(" ", 1)
        for word in words:
            if lines and len(lines[-1]) + 1 + len(word) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
    return lines


def _title(section: Section, style: str, width: int, full_list: str | None) -> Text:
    """The section's heading in `style`; a shared section's file names on lines of their
    own beneath it, packed so that no name is broken (file names: a Text, never markup)."""
    from rich.text import Text

    title = Text(clean(section.heading), style=style)
    parts = [clean(part) for part in section.name_parts(full_list)]
    if parts:
        title.append(":\n")
        title.append("\n".join(pack(parts, width)))
    return title


def print_findings(
    findings: Iterable[Finding], out: Console | None = None, *, full_list: str | None = None
) -> None:
    """One table (or list) per section, most severe first; repetitive info summarised last.

    A finding that many files share, identical but for the file, is printed once under the
    names of those files (see findings_view); the rest under their own file, as ever.
    `full_list` says where every finding can be read file by file ('check --json',
    'temuan.json'): only then may a section of warnings and info name just a few files
    and repeated info be summarised with a pointer to it. A section with an error always
    names every file.

    One form for the whole output: tables when every section's table fits the width, else
    lists throughout (a table here and a list there read as different kinds of finding).
    """
    from rich.padding import Padding
    from rich.text import Text

    out = out if out is not None else _get("console")
    ordered = sort_findings(findings)
    # Repeated info is summarised only where the rest can be read: else it is all shown.
    shown, repeated = summarise(ordered) if full_list else (ordered, [])
    parts = sections(shown)
    tables = all(out.width >= table_width(section.findings) for section in parts)
    for section in parts:
        items = section.findings
        if tables:
            title = _title(section, "bold", out.width, full_list)
            out.print(findings_table(items, title=title))
        else:
            out.print(_title(section, "bold underline", out.width, full_list))
            out.print(findings_list(items))
    for example, n in repeated:
        head = Text()
        head.append(example.severity.label, style=STYLE[example.severity])
        head.append("  ")
        head.append(clean(example.code), style="dim")
        head.append(f"  {angka(n)} temuan serupa")
        if full_list:  # on a line of its own, indented, rather than broken mid-name
            where = f"(semua tercantum di {full_list})"
            fits = len(head.plain) + 1 + len(where) <= out.width
            head.append(f" {where}" if fits else f"\n{' ' * INDENT}{where}")
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
