"""The quarter-end job: read, validate, compute and write every output atomically.

It lives outside `report/` and `documents/` because it uses both: the report model is built
in `report/`, and every renderer (rekap, CSV, documents) is listed once in RENDERERS.

Outputs are written into a temporary folder beside the target and moved into place only
when everything succeeded, so a failed run leaves the previous output untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.archive import load_history, open_archive
from pipeline.archive.job import record_received, record_report
from pipeline.context import Context
from pipeline.documents.sign import Signing, load_signing, sign_folder
from pipeline.findings import Finding, has_errors, sort_findings
from pipeline.reader import ReadResult, collect_inputs, read_workbooks
from pipeline.report.build import build_model
from pipeline.report.model import ReportModel


@dataclass
class ReportOutcome:
    findings: list[Finding]
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    model: ReportModel | None = None
    timings: dict[str, float] = field(default_factory=dict)
    read: ReadResult | None = None  # what was read (submission summary, workbook count)

    @property
    def files_read(self) -> int:
        """Workbooks read (the summary line's "52 berkas diperiksa"), not files with findings."""
        return len(self.read.files) if self.read is not None else 0

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def output_folder(output_root: Path, tahun: int, triwulan: int) -> Path:
    return output_root / f"{tahun}-TW{triwulan}"


def run_report(
    ctx: Context,
    *,
    tahun: int,
    triwulan: int,
    input_dir: Path,
    output_root: Path,
    draft: bool = False,
    tanggal_ttd: dt.date | None = None,
    progress: bool = False,
    archive_path: Path | None = None,
) -> ReportOutcome:
    """The quarter-end job. The archive (`archive_path`, else config `arsip.berkas`) is
    opened first, so a damaged or locked archive stops the job (ArchiveError, exit 2)
    before any work; it records every received file, and the run once its outputs are in
    place. Earlier years' official figures come from it into the model."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    # Certificates are opened before anything else: a wrong password or an expired
    # certificate stops the run before anything is read or written.
    signing = load_signing(ctx.config, draft=draft, jabatan_ids={j.id for j in ctx.catalog.jabatan})
    with open_archive(archive_path or ctx.config.arsip) as archive:
        history = load_history(archive, ctx.catalog, tahun)
        paths = collect_inputs([input_dir])
        read = read_workbooks(paths, ctx, tahun=tahun, triwulan_max=triwulan, progress=progress)
        record_received(archive, read.files, read.values)
        timings["baca"] = time.perf_counter() - t0
        out_dir = output_folder(output_root, tahun, triwulan)
        if has_errors(read.findings) and not draft:
            return ReportOutcome(
                findings=sort_findings(read.findings), out_dir=out_dir, timings=timings, read=read
            )

        t1 = time.perf_counter()
        model = build_model(
            ctx,
            read,
            tahun=tahun,
            triwulan=triwulan,
            draft=draft,
            tanggal_ttd=tanggal_ttd or ctx.config.tanggal_ttd or dt.date.today(),
            history=history,
        )
        timings["hitung"] = time.perf_counter() - t1
        written = write_outputs(
            model, out_dir, cache_dir=output_root / ".cache", timings=timings, signing=signing
        )
        record_report(
            archive, ctx, model.results, read.files, tahun=tahun, triwulan=triwulan, draft=draft
        )
    timings["total"] = time.perf_counter() - t0
    return ReportOutcome(
        findings=sort_findings(model.findings),
        out_dir=out_dir,
        written=written,
        model=model,
        timings=timings,
        read=read,
    )


def write_outputs(
    model: ReportModel,
    out_dir: Path,
    *,
    cache_dir: Path | None = None,
    timings: dict[str, float] | None = None,
    signing: Signing | None = None,
) -> list[Path]:
    """Render every output into a temporary sibling folder, sign the official PDFs (when
    configured, never a draft), then swap the folder into place."""
    timings = timings if timings is not None else {}
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for renderer in RENDERERS:
            t = time.perf_counter()
            renderer.write(model, tmp, cache_dir)
            timings[renderer.name] = time.perf_counter() - t
        if signing is not None:
            t = time.perf_counter()
            sign_folder(tmp, signing, model)
            timings["ttd"] = time.perf_counter() - t
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(p for p in out_dir.rglob("*") if p.is_file())


@dataclass(frozen=True)
class Renderer:
    """One output of the report: `write(model, folder, cache_dir)` writes its files."""

    name: str
    write: Callable[[ReportModel, Path, Path | None], None]


def _rekap(model: ReportModel, folder: Path, _cache: Path | None) -> None:
    from pipeline.report.excel import write_rekap

    write_rekap(model, folder / f"rekap-iki-{model.tahun}-TW{model.triwulan}.xlsx")


def _hasil_csv(model: ReportModel, folder: Path, _cache: Path | None) -> None:
    from pipeline.report.csv import write_hasil_csv

    write_hasil_csv(model, folder / "hasil.csv")


def _temuan_json(model: ReportModel, folder: Path, _cache: Path | None) -> None:
    write_findings_json(model.findings, folder / "temuan.json")


def _documents(model: ReportModel, folder: Path, cache: Path | None) -> None:
    from pipeline.documents import render_documents

    render_documents(model, folder, cache_dir=cache)


# Every output of `report`, in the order written. Adding a format: one module, one line here.
RENDERERS: tuple[Renderer, ...] = (
    Renderer("rekap", _rekap),
    Renderer("csv", _hasil_csv),
    Renderer("temuan", _temuan_json),
    Renderer("pdf", _documents),
)


def write_findings_json(findings: Sequence[Finding], path: Path) -> None:
    data = [f.to_dict() for f in sort_findings(findings)]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _swap_into_place(tmp: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}-lama-{time.time_ns()}")
        out_dir.rename(old)
    tmp.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
