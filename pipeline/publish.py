"""The quarter-end job: read, validate, compute and write every output atomically.

It lives outside `report/` and `documents/` because it uses both: the report model is built
in `report/`, and every renderer (rekap, CSV, documents) is listed once in RENDERERS.

Outputs are written into a temporary folder beside the target and moved into place only
when everything succeeded, so a failed run leaves the previous output untouched. The
folder rules (no overlap with the input, replace only what this tool wrote, one run at a
time, clean-up after dead runs) live in outfolder.py.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import fmt, outfolder
from pipeline.archive import load_history, open_archive
from pipeline.archive.job import record_received, record_report
from pipeline.context import Context
from pipeline.documents.sign import Signing, load_signing, sign_folder
from pipeline.findings import Finding, has_errors, sort_findings, warning
from pipeline.reader import ReadResult, read_workbooks
from pipeline.reader.files import scan_inputs
from pipeline.reader.skipped import none_read_hint
from pipeline.report.build import build_model
from pipeline.report.model import ReportModel
from pipeline.text import cap_keterangan

# A report is signed after its quarter ends, usually within weeks; a year later is a typo.
MAX_SIGN_DELAY_DAYS = 366


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
        """Workbook files looked at (the summary line's "52 berkas diperiksa"), not files
        with findings: config and target files never count."""
        return len(self.read.files) if self.read is not None else 0

    @property
    def workbooks(self) -> int:
        """Of those, the workbooks whose values were read and used."""
        return sum(1 for f in self.read.files if f.readable) if self.read is not None else 0

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
    place. Earlier years' official figures come from it into the model.

    UsageError (exit 2) for overlapping input and output folders, an input with no
    workbook read, a render over its time budget, or a full/read-only output disk."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    # Certificates are opened before anything else: a wrong password or an expired
    # certificate stops the run before anything is read or written.
    signing = load_signing(ctx.config, draft=draft, jabatan_ids={j.id for j in ctx.catalog.jabatan})
    out_dir = output_folder(output_root, tahun, triwulan)
    outfolder.check_separate(input_dir, output_root)
    inputs = scan_inputs([input_dir])
    paths = inputs.workbooks
    if not paths:
        raise outfolder.OutputFolderError(
            f"Tidak ada workbook kiriman (.xlsx) di {input_dir}: laporan tidak dibuat dan "
            f"{out_dir} tidak diubah. {none_read_hint(inputs.skipped)}Periksa --input atau "
            "folder.input di config.toml."
        )
    with open_archive(archive_path or ctx.config.arsip) as archive:
        _start_renderers(output_root / ".cache")
        history = load_history(archive, ctx.catalog, tahun)
        read = read_workbooks(
            paths,
            ctx,
            tahun=tahun,
            triwulan_max=triwulan,
            progress=progress,
            skipped=inputs.skipped,
        )
        timings["baca"] = time.perf_counter() - t0
        workbooks = sum(1 for f in read.files if f.readable)
        if workbooks == 0:
            raise outfolder.OutputFolderError(
                f"Tidak satu pun dari {len(paths)} berkas di {input_dir} terbaca sebagai "
                f"workbook IKI tahun {tahun}: laporan tidak dibuat dan {out_dir} tidak diubah. "
                f"Jalankan `python -m pipeline check {input_dir}` untuk melihat alasannya "
                "per berkas."
            )
        record_received(archive, read.files, read.values)
        if has_errors(read.findings) and not draft:
            return ReportOutcome(
                findings=sort_findings(read.findings), out_dir=out_dir, timings=timings, read=read
            )

        t1 = time.perf_counter()
        tanggal = tanggal_ttd or ctx.config.tanggal_ttd or dt.date.today()
        keterangan, extra = cap_keterangan(read.keterangan, read.findings)
        extra += signature_date_findings(tanggal, tahun, triwulan)
        read = replace(read, keterangan=keterangan, findings=[*read.findings, *extra])
        model = build_model(
            ctx,
            read,
            tahun=tahun,
            triwulan=triwulan,
            draft=draft,
            tanggal_ttd=tanggal,
            history=history,
        )
        timings["hitung"] = time.perf_counter() - t1
        written = write_outputs(
            model,
            out_dir,
            cache_dir=output_root / ".cache",
            timings=timings,
            budget=ctx.config.batas.waktu_render_detik,
            signing=signing,
        )
        record_report(
            archive,
            ctx,
            model.all_results(),
            read.files,
            tahun=tahun,
            triwulan=triwulan,
            draft=draft,
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


def _start_renderers(cache_dir: Path) -> None:
    """Start the render workers now when documents will surely be rendered (no document
    cache yet), so their imports overlap reading and computing. With a cache, most runs
    copy every document from it: workers importing meanwhile would only slow the reading
    (2 cores), so they start when the documents are known to be needed."""
    if (cache_dir / "pdf").is_dir() and any((cache_dir / "pdf").iterdir()):
        return
    from pipeline.documents.pool import start_workers

    start_workers()


def signature_date_findings(tanggal: dt.date, tahun: int, triwulan: int) -> list[Finding]:
    """A warning when the signature date cannot belong to this report: before the end of
    the reported quarter, or more than MAX_SIGN_DELAY_DAYS after it."""
    end = dt.date(tahun, 3 * triwulan, 1) + dt.timedelta(days=31)
    end = end.replace(day=1) - dt.timedelta(days=1)
    periode = f"{fmt.triwulan(triwulan)} {tahun}"
    if tanggal < end:
        problem = (
            f"sebelum akhir {periode} ({fmt.tanggal(end)}), padahal realisasinya dihitung "
            "s.d. akhir triwulan itu"
        )
    elif (tanggal - end).days > MAX_SIGN_DELAY_DAYS:
        problem = (
            f"{fmt.angka((tanggal - end).days)} hari sesudah akhir {periode} "
            f"({fmt.tanggal(end)}), lebih dari {MAX_SIGN_DELAY_DAYS} hari"
        )
    else:
        return []
    return [
        warning(
            "signature-date-outside-period",
            f"Tanggal tanda tangan {fmt.tanggal(tanggal)} jatuh {problem}. Periksa --date "
            "atau laporan.tanggal_ttd di config.toml; tanggal ini dicetak di setiap dokumen "
            "bertanda tangan.",
        )
    ]


def write_outputs(
    model: ReportModel,
    out_dir: Path,
    *,
    cache_dir: Path | None = None,
    timings: dict[str, float] | None = None,
    budget: float | None = None,
    signing: Signing | None = None,
) -> list[Path]:
    """Render every output into a temporary sibling folder, sign the official PDFs (when
    configured, never a draft), then swap it into place.

    Under the output root's lock: stale temporary folders of dead runs are removed first,
    and an existing report folder is replaced only if this tool wrote it (its manifest).
    OS errors about these folders (full disk, read-only, a file where a folder should be)
    become an Indonesian UsageError naming the path.
    """
    from pipeline.documents.pool import time_budget

    timings = timings if timings is not None else {}
    with outfolder.replacing(out_dir, extra_roots=[cache_dir] if cache_dir else []) as tmp:
        with time_budget(budget):
            _run_renderers(model, tmp, cache_dir, timings)
        if signing is not None:
            t = time.perf_counter()
            sign_folder(tmp, signing, model)
            timings["ttd"] = time.perf_counter() - t
    return outfolder.written_files(out_dir)


def _run_renderers(
    model: ReportModel, folder: Path, cache_dir: Path | None, timings: dict[str, float]
) -> None:
    """Every renderer's `begin` first (work handed to other processes), then each `write`
    in order: the rekap is written while the workers render the PDFs."""
    finish: dict[str, Callable[[], None]] = {}
    try:
        for renderer in RENDERERS:
            if renderer.begin is not None:
                t = time.perf_counter()
                finish[renderer.name] = renderer.begin(model, folder, cache_dir)
                timings[renderer.name] = time.perf_counter() - t
        for renderer in RENDERERS:
            t = time.perf_counter()
            if renderer.name in finish:
                finish.pop(renderer.name)()
            else:
                renderer.write(model, folder, cache_dir)
            timings[renderer.name] = timings.get(renderer.name, 0.0) + time.perf_counter() - t
    except BaseException:
        if finish:  # begun but never awaited: stop its workers
            from pipeline.documents.pool import kill_workers

            kill_workers()
        raise


@dataclass(frozen=True)
class Renderer:
    """One output of the report: `write(model, folder, cache_dir)` writes its files.

    `begin`, when given, starts the work and returns the function that completes it (it
    replaces `write` in the run): for outputs made in other processes.
    """

    name: str
    write: Callable[[ReportModel, Path, Path | None], None]
    begin: Callable[[ReportModel, Path, Path | None], Callable[[], None]] | None = None


def _rekap(model: ReportModel, folder: Path, _cache: Path | None) -> None:
    from pipeline.report.excel import write_rekap

    write_rekap(model, folder / f"rekap-iki-{model.tahun}-TW{model.triwulan}.xlsx")


def _hasil_csv(model: ReportModel, folder: Path, _cache: Path | None) -> None:
    from pipeline.report.csv import write_hasil_csv

    write_hasil_csv(model, folder / "hasil.csv")


def _temuan_json(model: ReportModel, folder: Path, _cache: Path | None) -> None:
    write_findings_json(model.findings, folder / "temuan.json")


def _bab3_docx(model: ReportModel, folder: Path, _cache: Path | None) -> None:
    from pipeline.word.bab3 import write_bab3_docx

    write_bab3_docx(model, folder)


def _documents(model: ReportModel, folder: Path, cache: Path | None) -> None:
    from pipeline.documents import render_documents

    render_documents(model, folder, cache_dir=cache)


def _begin_documents(model: ReportModel, folder: Path, cache: Path | None) -> Callable[[], None]:
    from pipeline.documents.render import begin_render

    rendering = begin_render(model, folder, cache_dir=cache)

    def finish() -> None:
        rendering.finish()

    return finish


# Every output of `report`, in the order written. Adding a format: one module, one line here.
RENDERERS: tuple[Renderer, ...] = (
    Renderer("rekap", _rekap),
    Renderer("csv", _hasil_csv),
    Renderer("temuan", _temuan_json),
    Renderer("bab3", _bab3_docx),
    Renderer("pdf", _documents, begin=_begin_documents),
)


def write_findings_json(findings: Sequence[Finding], path: Path) -> None:
    data = [f.to_dict() for f in sort_findings(findings)]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
