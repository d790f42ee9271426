"""What the quarter-end job writes to the archive: received files, then the run itself."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pipeline.archive.db import Archive
from pipeline.archive.store import (
    Ingested,
    Run,
    fingerprint,
    ingest,
    insert_run,
    replace_renstra,
    target_rows,
    upsert_targets,
)
from pipeline.context import Context
from pipeline.reader.files import FileInfo


def record_received(archive: Archive, files: Sequence[FileInfo], facts: pd.DataFrame) -> Ingested:
    """Every file of the input folder and its facts (a file seen before changes nothing)."""
    return ingest(archive, files, facts)


def record_report(
    archive: Archive,
    ctx: Context,
    results: pd.DataFrame,
    files: Sequence[FileInfo],
    *,
    tahun: int,
    triwulan: int,
    draft: bool,
) -> Run:
    """The published run: its result rows, the files it used, the targets it measured against.

    Called after the outputs are in place, so the archive never holds a run whose files
    were not written. One transaction: the run, its rows and its targets, or nothing.
    """
    used = [f.sha256 for f in files if f.readable and f.sha256]
    with archive.write() as conn:
        run = insert_run(
            conn,
            results.assign(tahun=tahun),
            tahun=tahun,
            triwulan=triwulan,
            draf=draft,
            sumber="laporan",
            sidik_masukan=fingerprint(
                sidik_katalog=ctx.catalog.fingerprint,
                tahun=tahun,
                triwulan=triwulan,
                shas=used,
                targets=ctx.targets,
            ),
            sidik_katalog=ctx.catalog.fingerprint,
            kiriman=used,
        )
        upsert_targets(conn, target_rows(ctx.targets, ctx.config.target_path(tahun).name))
        if ctx.renstra is not None and ctx.config.renstra is not None:
            replace_renstra(conn, ctx.renstra, sumber=ctx.config.renstra.name)
    return run
