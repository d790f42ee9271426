"""Perjanjian Kinerja PDFs through the documents machinery (template, safe fetcher, fonts).

One WeasyPrint render of every jabatan (each section a page group of its own, numbered
"Halaman X dari Y" on its own) is the combined document; its sections are split into one
PDF per jabatan, as the IKI documents are. Rendered in this process: a once-a-year document
of about 45 pages takes some 10 s, and it stays clear of the report's worker pool.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.pk.view import PkView


def pk_name(jabatan_id: str) -> str:
    return f"pk/{jabatan_id}.pdf"


def combined_name(tahun: int) -> str:
    return f"perjanjian-kinerja-{tahun}.pdf"


def render_pk_pdfs(views: list[PkView], out_dir: Path, *, tahun: int) -> list[Path]:
    """Write the combined PDF and pk/<jabatan>.pdf for every view; return their paths."""
    from pipeline.documents.archival import restamp
    from pipeline.documents.render import render_html
    from pipeline.documents.worker import Task, render

    title = f"Perjanjian Kinerja Tahun {tahun}"
    html = render_html("pk.html", {"docs": views, "page": views[0].page, "judul": title})
    combined = out_dir / combined_name(tahun)
    parts = tuple((f"bagian-{v.id}", str(out_dir / pk_name(v.id)), v.judul) for v in views)
    render(Task(combined.name, html, str(combined), parts=parts))
    restamp(combined)  # the split files' metadata and Producer on the combined one too
    return [combined, *(out_dir / pk_name(v.id) for v in views)]
