"""Read returned workbooks: every named input taken exactly as entered, or refused with a reason.

`read_workbooks` is the entry point (docs/contracts.md, section 3). Each file is read
read-only from one in-memory copy (hashed, inspected, then parsed), so what was checked is
what was read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.console import progress as progress_bar
from pipeline.context import Context
from pipeline.contract import GUIDE_SHEET
from pipeline.findings import Finding, error, sort_findings
from pipeline.fmt import angka
from pipeline.reader.budget import budget_findings_after_merge
from pipeline.reader.files import FileInfo, display_names
from pipeline.reader.identity import blocking, check_identity
from pipeline.reader.jabatan import read_jabatan
from pipeline.reader.merge import merge_reads
from pipeline.reader.model import FileRead, ReadResult
from pipeline.reader.own import own_output_finding
from pipeline.reader.plan import Plan, make_plan, shared_cells
from pipeline.reader.receipts import claims, refused_cells
from pipeline.reader.safety import MB, inspect_bytes, read_entry, size_limit_finding
from pipeline.reader.sheets import Coord, CorruptPart, OutOfTime, load_sheets
from pipeline.reader.skipped import skipped_findings
from pipeline.reader.styles import parse_styles
from pipeline.reader.workbook import (
    WorkbookXml,
    XmlProblem,
    parse_custom_properties,
    parse_workbook,
)
from pipeline.sheetlayout import ANGGARAN_SHEET
from pipeline.wilayah import Wilayah, add_regency

RESEND = "Minta pengirim mengirim ulang berkas aslinya (simpan ulang sebagai .xlsx)."
ZIP_ERRORS = (zipfile.BadZipFile, EOFError, RuntimeError, ValueError, OSError, NotImplementedError)


def read_file(
    path: Path, name: str, ctx: Context, *, tahun: int, triwulan_max: int | None
) -> FileRead:
    """Read one returned file; problems are findings, never exceptions."""
    loaded = _load(path, name, ctx)
    if isinstance(loaded, FileRead):
        return loaded
    return _parse(*loaded, ctx, tahun=tahun, triwulan_max=triwulan_max)


def _load(path: Path, name: str, ctx: Context) -> FileRead | tuple[FileInfo, bytes]:
    """The file's bytes and what is recorded about it, or a read that ends here."""
    limits = ctx.config.batas
    try:
        stat = path.stat()
    except OSError as exc:
        return _unreadable(path, name, f"Berkas tidak dapat dibuka ({exc.strerror}).")
    base = FileInfo(path, name, "", stat.st_size, dt.datetime.fromtimestamp(stat.st_mtime))
    too_large = size_limit_finding(name, stat.st_size, limits)
    if too_large:
        return FileRead(base, findings=[too_large])
    try:
        with path.open("rb") as fh:  # read-only; the file is never written
            data = fh.read(int(limits.ukuran_berkas_mb * MB) + 1)
    except OSError as exc:
        return _unreadable(path, name, f"Berkas tidak dapat dibaca ({exc.strerror}).")
    base = FileInfo(path, name, hashlib.sha256(data).hexdigest(), len(data), base.mtime)
    if len(data) > limits.ukuran_berkas_mb * MB:  # grew while being read
        return FileRead(base, findings=[size_limit_finding(name, len(data), limits)])
    return base, data


def _parse(
    base: FileInfo, data: bytes, ctx: Context, *, tahun: int, triwulan_max: int | None
) -> FileRead:
    """Inspect and read a file's bytes (hashed in `base`) within the file's time budget."""
    limits = ctx.config.batas
    name = base.name
    deadline = time.perf_counter() + limits.waktu_baca_detik
    # The identity, once read: a file that fails later (a corrupt sheet, out of time) still
    # tells which jabatan and quarter it was sent for ("sent, not usable", not "not sent").
    known = [base]
    try:
        inspection = inspect_bytes(data, name, limits)
        if inspection.zip is None:
            return FileRead(base, findings=inspection.findings)
        return _read_workbook(
            inspection.zip,
            base,
            ctx,
            tahun=tahun,
            triwulan_max=triwulan_max,
            deadline=deadline,
            known=known,
        )
    except OutOfTime:
        return FileRead(known[0], findings=[_too_slow(name, limits.waktu_baca_detik)])
    except (CorruptPart, XmlProblem, *ZIP_ERRORS) as exc:
        part = str(exc) if isinstance(exc, (CorruptPart, XmlProblem)) else "arsip zip"
        problem = f"bagian '{part}' tidak dapat dibaca"
    except Exception as exc:  # one odd file must not stop the other files being read
        problem = f"isinya tidak dapat diurai ({type(exc).__name__})"
    return FileRead(
        known[0],
        findings=[error("file-corrupt", f"Berkas rusak: {problem}. {RESEND}", file=name)],
    )


def _as_copy(read: FileRead, base: FileInfo) -> FileRead:
    """The read of a byte-identical file, told as the read of `base` (its name, path, time).

    Reading depends only on the bytes (and on the run's catalog, year and quarter), so a
    re-sent copy gives the same values and findings; only where they came from differs.
    The reads are not modified later (merge only looks), so the jabatan records are shared.
    """
    old = read.info.name
    info_ = replace(read.info, path=base.path, name=base.name, mtime=base.mtime)
    findings = [replace(f, file=base.name) if f.file == old else f for f in read.findings]
    return FileRead(info_, read.jabatan, findings)


def _too_slow(name: str, seconds: float) -> Finding:
    return error(
        "file-too-slow",
        f"Membaca berkas ini memakan waktu lebih dari {angka(seconds)} detik (batas "
        "batas.waktu_baca_detik di config.toml), jauh di atas workbook isian biasa, sehingga "
        f"dihentikan. Kemungkinan berisi data berlebihan di luar tabel isian. {RESEND}",
        file=name,
    )


def _unreadable(path: Path, name: str, message: str) -> FileRead:
    info_ = FileInfo(path, name, "", 0, dt.datetime.fromtimestamp(0))
    return FileRead(info_, findings=[error("file-unreadable", f"{message} {RESEND}", file=name)])


def _read_workbook(
    zf: zipfile.ZipFile,
    base: FileInfo,
    ctx: Context,
    *,
    tahun: int,
    triwulan_max: int | None,
    deadline: float,
    known: list[FileInfo] | None = None,
) -> FileRead:
    name = base.name
    workbook_xml = read_entry(zf, "xl/workbook.xml")
    if workbook_xml is None:
        raise CorruptPart("xl/workbook.xml")
    wb = parse_workbook(workbook_xml, read_entry(zf, "xl/_rels/workbook.xml.rels"))
    props = parse_custom_properties(read_entry(zf, "docProps/custom.xml"))
    own = own_output_finding(
        props, (s.name for s in wb.sheets), file=name, file_name=base.path.name
    )
    if own is not None:  # a rekap or office workbook: nothing in it is a submission
        return FileRead(base, findings=[own])
    ident, findings = check_identity(
        props, file=name, catalog=ctx.catalog, tahun=tahun, triwulan_max=triwulan_max
    )
    info_ = FileInfo(
        base.path,
        name,
        base.sha256,
        base.size,
        base.mtime,
        ident.tahun,
        ident.triwulan,
        ident.jabatan,
    )
    if known is not None:
        known[0] = info_
    if blocking(findings) or ident.triwulan is None:
        return FileRead(info_, findings=findings)
    out = FileRead(info_, findings=findings)
    known = known_sheets(ctx)
    plans = [
        _plan(
            ctx.catalog.jabatan_by_id[j], ident.triwulan, wb, name, ctx.budget, known, ctx.wilayah
        )
        for j in ident.jabatan
    ]
    out.findings.extend(shared_cells(plans, name))
    needed: dict[str, set[Coord]] = {}
    for plan in plans:
        out.findings.extend(plan.findings)
        for sheet, coord in plan.targets.values():
            needed.setdefault(sheet, set()).add(coord)
    sheets = {s.name: s for s in wb.sheets}
    styles = parse_styles(read_entry(zf, "xl/styles.xml"))
    loaded, sheet_findings = load_sheets(
        needed,
        sheets,
        zf,
        file=name,
        limits=ctx.config.batas,
        styles=styles,
        date1904=wb.date1904,
        deadline=deadline,
    )
    out.findings.extend(sheet_findings)
    for plan in plans:
        if plan.missing_sheet:
            continue
        jread, jfindings = read_jabatan(plan, loaded, name, ctx.wilayah)
        out.jabatan.append(jread)
        out.findings.extend(jfindings)
    out.info = replace(info_, readable=True)
    return out


def known_sheets(ctx: Context) -> frozenset[str]:
    """Every sheet name (lower case) a template of this catalog may hold."""
    fixed = (GUIDE_SHEET, ANGGARAN_SHEET)
    return frozenset(
        {*(n.lower() for n in fixed), *(j.lembar.lower() for j in ctx.catalog.jabatan)}
    )


def _plan(
    jab,
    q: int,
    wb: WorkbookXml,
    file: str,
    ctx_budget=None,
    known: frozenset[str] = frozenset(),
    wilayah: Wilayah | None = None,
) -> Plan:
    """The reading plan of one jabatan; identical workbook.xml parts share it (per file name)."""
    wilayah = wilayah or Wilayah()
    key = (jab.id, q, wilayah.kode)
    cached = wb.derived.get(key)
    if cached is None:
        budget = ctx_budget if ctx_budget is not None and ctx_budget.pengisi == jab.id else None
        cached = make_plan(jab, q, wb, "", budget, known, wilayah)
        wb.derived[key] = cached
    return Plan(
        cached.jabatan,
        cached.triwulan,
        dict(cached.targets),
        [replace(f, file=file) for f in cached.findings],
        cached.missing_sheet,
        cached.names,
        cached.placed,
    )


def read_files(
    paths: Sequence[Path], ctx: Context, *, tahun: int, triwulan_max: int | None, progress: bool
) -> list[FileRead]:
    """Every file read; byte-identical copies (re-sent files) are parsed once per run.

    With several files and CPUs, parallel.read_all may parse a share in a second process
    (same results, same order); otherwise, and when IKI_READ_PROCESSES=1, this loop.
    """
    from pipeline.reader import parallel

    names = display_names(paths)
    pairs = list(zip(paths, names, strict=True))
    if parallel.may_split(len(pairs)):
        return parallel.read_all(
            pairs, ctx, tahun=tahun, triwulan_max=triwulan_max, progress=progress
        )
    out: list[FileRead] = []
    by_hash: dict[str, FileRead] = {}
    for p, n in progress_bar(pairs, "Membaca workbook", enabled=progress):
        loaded = _load(Path(p), n, ctx)
        if isinstance(loaded, FileRead):
            out.append(loaded)
            continue
        base, data = loaded
        seen = by_hash.get(base.sha256)
        if seen is None:
            seen = by_hash[base.sha256] = _parse(
                base, data, ctx, tahun=tahun, triwulan_max=triwulan_max
            )
            out.append(seen)
        else:
            out.append(_as_copy(seen, base))
    return out


def read_workbooks(
    paths: Sequence[Path | str],
    ctx: Context,
    *,
    tahun: int | None = None,
    triwulan_max: int | None = None,
    progress: bool = False,
    skipped: Sequence[Path] = (),
) -> ReadResult:
    """Read, validate and merge returned workbooks (docs/contracts.md, section 3).

    Every file is read even when others are broken; every problem is a finding. `skipped`
    are the other files found beside them (files.scan_inputs), each told as a finding.
    """
    year = tahun or ctx.config.tahun
    reads = read_files(
        [Path(p) for p in paths], ctx, tahun=year, triwulan_max=triwulan_max, progress=progress
    )
    values, keterangan, merge_findings = merge_reads(reads, ctx.catalog, year)
    merge_findings += budget_findings_after_merge(values, ctx.budget)
    # Indicators entered per kecamatan: the regency facts are the kecamatan sums.
    values, regency_findings = add_regency(values, ctx.catalog, ctx.wilayah)
    findings = [f for r in reads for f in r.findings] + merge_findings + regency_findings
    findings += skipped_findings(list(skipped))
    return ReadResult(
        values=None,
        keterangan=None,
        value_rows=values,
        keterangan_rows=keterangan,
        files=[r.info for r in reads],
        findings=sort_findings(findings),
        claims=claims(reads, year, values),
        refused=refused_cells(reads, values),
    )
