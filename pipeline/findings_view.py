"""Findings arranged for the terminal: what many files share is shown once.

Copies of one template share their problems: 200 workbooks of a quarter each carry the same
blank cell, on the same sheet, for the same jabatan, with the same message. Printed per file
that is thousands of identical lines which bury the one-off problems. Here every finding is
put in one section per set of files it occurs in: a finding that differs only in its file
and occurs in two or more files goes, once, into the section of exactly those files; the
rest stay in their file's own section, as before.

A shared section that holds an error names every one of its files (each needs fixing); one
of warnings and info names a few and says where the full list is.

Only the terminal is arranged this way. `check --json` and temuan.json are written from the
findings themselves and keep every one, file by file. Pure data, no rich: console.py renders.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.findings import Finding, Severity, sort_findings
from pipeline.fmt import angka

NAMES_SHOWN = 3  # file names a shared section's title lists before "dan N berkas lain"
GENERAL = "(umum)"  # title of findings that belong to no file
EACH = "berlaku untuk setiap berkas"  # a message's "berkas ini" means each listed file


@dataclass(frozen=True)
class Section:
    """Findings printed under one title.

    `files` is () for findings of no file, one name for a file's own findings, two or more
    for findings every one of those files has (each finding then stands for len(files)).
    """

    files: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def shared(self) -> bool:
        return len(self.files) > 1

    @property
    def has_error(self) -> bool:
        """Every file of a section with an error needs action: all of them are named."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def heading(self) -> str:
        """'a.xlsx' for one file; 'Temuan yang sama di 50 berkas (berlaku untuk setiap
        berkas)' for shared ones: a message that says "berkas ini" means each of them."""
        if not self.files:
            return GENERAL
        if not self.shared:
            return self.files[0]
        return f"Temuan yang sama di {angka(len(self.files))} berkas ({EACH})"

    def name_parts(self, full_list: str | None = None) -> list[str]:
        """The shared section's files as pieces never to be broken across lines ([] for one
        file's section): see `name_parts`. A section with an error names every file; one of
        warnings and info only is cut short only when `full_list` says where the rest are."""
        if not self.shared:
            return []
        return name_parts(self.files, None if self.has_error else full_list)

    def title(self, full_list: str | None = None) -> str:
        """'Temuan yang sama di 6 berkas (...): a.xlsx, b.xlsx, ...', or the file."""
        names = " ".join(self.name_parts(full_list))
        return f"{self.heading}: {names}" if names else self.heading


def name_parts(files: Sequence[str], full_list: str | None = None) -> list[str]:
    """['a.xlsx,', 'b.xlsx', 'dan c.xlsx']: every name, each piece kept on one line.

    With `full_list` (where every name can be read, e.g. 'check --json'), past NAMES_SHOWN
    + 1 names the rest are counted: [..., 'c.xlsx', 'dan 47 berkas lain',
    '(daftar lengkap: check --json)'].
    """
    if len(files) <= 1:
        return list(files)
    if full_list and len(files) > NAMES_SHOWN + 1:  # "dan 1 berkas lain" is no shorter
        shown = [f"{name}," for name in files[: NAMES_SHOWN - 1]] + [files[NAMES_SHOWN - 1]]
        rest = angka(len(files) - NAMES_SHOWN)
        return [*shown, f"dan {rest} berkas lain", f"(daftar lengkap: {full_list})"]
    return [f"{name}," for name in files[:-2]] + [files[-2], f"dan {files[-1]}"]


def file_names(files: Sequence[str], full_list: str | None = None) -> str:
    """'a.xlsx, b.xlsx dan c.xlsx' (see `name_parts`) on one line."""
    return " ".join(name_parts(files, full_list))


def _sameness(f: Finding) -> Finding:
    """Every field but the file: two findings with equal sameness say the same thing."""
    return dataclasses.replace(f, file=None)


def sections(findings: Sequence[Finding]) -> list[Section]:
    """The findings in sections, most severe section first.

    Within a section the order is `sort_findings`' (most severe first, then sheet and cell).
    Sections are ordered by their most severe finding, then by their first file, so the
    errors come before the warnings whether they are one file's or shared; a shared section
    comes before the single file that starts it.
    """
    ordered = sort_findings(findings)
    files_of: dict[Finding, dict[str, None]] = {}  # dict: files in order, without repeats
    for f in ordered:
        if f.file:
            files_of.setdefault(_sameness(f), {})[f.file] = None
    buckets: dict[tuple[str, ...], list[Finding]] = {}
    printed: set[Finding] = set()
    for f in ordered:
        if not f.file:
            buckets.setdefault((), []).append(f)
            continue
        same = _sameness(f)
        files = tuple(files_of[same])
        if len(files) == 1:
            buckets.setdefault(files, []).append(f)
        elif same not in printed:  # once, in the section of all the files that have it
            printed.add(same)
            buckets.setdefault(files, []).append(f)
    # `ordered` is sorted by file first: a shared section's findings arrive from its first
    # file, already most severe first.
    made = [Section(files, tuple(items)) for files, items in buckets.items()]
    return sorted(
        made,
        key=lambda s: (
            min(f.severity.rank for f in s.findings),
            s.files[0] if s.files else "",
            -len(s.files),
        ),
    )
