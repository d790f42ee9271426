"""Earlier quarters' figures for the template's locked context columns.

When the planning subsection makes the TW III workbook, TW I and TW II have usually come
back already: showing them beside the new input cells lets the person filling in see the
trend and catch a slip (a stock that falls by half, a flow typed cumulatively).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.context import Context
from pipeline.findings import Finding, Severity
from pipeline.reader import collect_inputs, read_workbooks
from pipeline.template.build import write_template


@dataclass
class TemplateOutcome:
    written: list[Path]
    earlier_files: int = 0
    findings: list[Finding] = field(default_factory=list)


def earlier_values(
    ctx: Context, tahun: int, triwulan: int, input_dir: Path | None
) -> tuple[pd.DataFrame | None, int, list[Finding]]:
    """Values of quarters before `triwulan` read from the returned workbooks, if any."""
    if triwulan == 1 or input_dir is None or not input_dir.is_dir():
        return None, 0, []
    paths = collect_inputs([input_dir])
    if not paths:
        return None, 0, []
    read = read_workbooks(paths, ctx, tahun=tahun, triwulan_max=triwulan - 1)
    values = read.values
    if values.empty:
        return None, 0, read.findings
    earlier = values[values["triwulan"] < triwulan]
    used = sum(1 for f in read.files if f.readable and f.triwulan and f.triwulan < triwulan)
    return earlier, used, read.findings


def blank_template(ctx: Context, tahun: int, path: Path) -> bool:
    """True when `path` is a workbook of this tool with nothing typed in any input cell
    (read back like a returned one): replacing it loses nothing. Anything unreadable, of
    another program, or holding a value (even a refused one) is not blank."""
    from pipeline.reader.read import read_files

    (read,) = read_files([path], ctx, tahun=tahun, triwulan_max=None, progress=False)
    return bool(read.info.readable and read.jabatan and all(j.empty for j in read.jabatan))


def make_template(
    ctx: Context,
    tahun: int,
    triwulan: int,
    out_dir: Path,
    *,
    split: str | None = None,
    input_dir: Path | None = None,
) -> TemplateOutcome:
    """Write the quarter's workbook(s), with earlier quarters from `input_dir` as context.

    Problems in the earlier workbooks do not stop the template: refused values are simply
    not shown, and `check` reports them where they belong.
    """
    previous, used, findings = earlier_values(ctx, tahun, triwulan, input_dir)
    written = write_template(
        ctx,
        tahun,
        triwulan,
        out_dir,
        split=split,
        previous=previous,
        may_replace=lambda path: blank_template(ctx, tahun, path),
    )
    return TemplateOutcome(
        written=written,
        earlier_files=used,
        findings=[f for f in findings if f.severity is Severity.ERROR],
    )
