"""The honesty findings of `check` and `report`, and the submission lines both print.

From the reader's rows, not its frames: `check` builds no frame and imports no pandas.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.context import Context
from pipeline.findings import Finding
from pipeline.honesty.completeness import completeness_findings, submission_summary
from pipeline.honesty.consistency import consistency_findings
from pipeline.reader import ReadResult


def check_findings(ctx: Context, read: ReadResult, quarters: Sequence[int]) -> list[Finding]:
    """Completeness and consistency across jabatan (`report` adds the decisions)."""
    out = completeness_findings(
        ctx.catalog,
        read.value_rows,
        quarters,
        ctx.config.pejabat,
        claims=read.claims,
        refused=read.refused,
    )
    return out + consistency_findings(ctx.catalog, read.value_rows)


def submission_lines(ctx: Context, read: ReadResult, quarters: Sequence[int]) -> list[str]:
    """One line per quarter (who sent, who sent something unusable, who has not)."""
    return submission_summary(
        ctx.catalog,
        read.value_rows,
        quarters,
        ctx.config.pejabat,
        claims=read.claims,
        refused=read.refused,
    )
