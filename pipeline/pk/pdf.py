"""Perjanjian Kinerja PDFs through the documents machinery (template, safe fetcher, fonts).

One WeasyPrint render per chunk of jabatan (each a page group of its own), split into one
PDF per jabatan and concatenated into the combined document, as the IKI documents are.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.pk.view import PkView

CHUNKS = ".bagian"


def pk_name(jabatan_id: str) -> str:
    return f"pk/{jabatan_id}.pdf"


def combined_name(tahun: int) -> str:
    return f"perjanjian-kinerja-{tahun}.pdf"


def render_pk_pdfs(
    views: list[PkView], out_dir: Path, *, tahun: int, workers: int = 1
) -> list[Path]:
    """Write pk/<jabatan>.pdf for every view and the combined PDF; return their paths."""
    from pipeline.documents import render
    from pipeline.documents.worker import Task

    n = max(1, min(workers, render.MAX_WORKERS))
    groups = _chunks(views, 1 if n == 1 else n + 1)
    title = f"Perjanjian Kinerja Tahun {tahun}"
    tasks = []
    for k, group in enumerate(groups, start=1):
        html = render.render_html("pk.html", {"docs": group, "page": group[0].page, "judul": title})
        parts = tuple((f"bagian-{v.id}", str(out_dir / pk_name(v.id)), v.judul) for v in group)
        name = f"{CHUNKS}/pk-{k}.pdf"
        tasks.append(Task(name, html, str(out_dir / name), parts=parts))
    try:
        render._run(tasks, min(n, len(tasks)))
        combined = out_dir / combined_name(tahun)
        render.merge_pdfs([Path(t.out) for t in tasks], combined, title=title)
    finally:
        shutil.rmtree(out_dir / CHUNKS, ignore_errors=True)
    return [combined, *(out_dir / pk_name(v.id) for v in views)]


def _chunks(views: list[PkView], n: int) -> list[list[PkView]]:
    """At most n consecutive groups of about equal weight (table rows)."""
    weights = [6 + 2 * len(v.targets) + len(v.anggaran) for v in views]
    n = max(1, min(n, len(views)))
    target = sum(weights) / n
    out: list[list[PkView]] = [[]]
    acc = 0.0
    for v, w in zip(views, weights, strict=True):
        if out[-1] and acc + w / 2 > target * len(out) and len(out) < n:
            out.append([])
        out[-1].append(v)
        acc += w
    return out
