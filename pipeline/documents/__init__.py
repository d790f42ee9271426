"""PDF documents with signature blocks: IKI per jabatan, pengukuran kinerja, Lampiran LKjIP.

`render_documents(model, out_dir, workers=None, cache_dir=None)` writes them all;
`bench_documents(model)` measures a cold and a cached run. Renderers only format the
ReportModel. Imports are lazy so that `import pipeline.documents` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.documents.bench import bench_documents
    from pipeline.documents.render import render_documents

__all__ = ["bench_documents", "render_documents"]


def __getattr__(name: str) -> Any:
    if name == "render_documents":
        from pipeline.documents.render import render_documents

        return render_documents
    if name == "bench_documents":
        from pipeline.documents.bench import bench_documents

        return bench_documents
    raise AttributeError(name)
