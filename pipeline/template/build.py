"""Write the quarter's fillable workbook(s): whole, one per jabatan, or one per unit."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from xlsxwriter.workbook import Workbook

from pipeline import fmt
from pipeline.catalog.model import UNITS, Jabatan
from pipeline.context import Context
from pipeline.errors import UsageError
from pipeline.facts import FACT_KEY, WILAYAH_ALL, fact_key
from pipeline.safewrite import check_overwritable, guarded
from pipeline.template.anggaran import write_anggaran_sheet
from pipeline.template.layout import OFFICE, Styles
from pipeline.template.names import TEMPLATE_VERSION, NameRegistry
from pipeline.template.petunjuk import write_petunjuk
from pipeline.template.sheet import Book, Previous, write_jabatan_sheet

SPLITS = (None, "jabatan", "bidang")
# Columns `previous` must have; `tahun` and `wilayah` (pipeline.facts) may be absent, and
# then every row is the template's year and the whole regency.
PREVIOUS_COLUMNS = ("triwulan", "indikator_id", "variabel_id", "nilai")
WORKBOOK_OPTIONS = {
    # Catalog and config text is written as text, never turned into formulas or links.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def template_filename(tahun: int, q: int, piece: str | None = None) -> str:
    """IKI-2026-TW3.xlsx, or IKI-2026-TW3-<jabatan_id|unit>.xlsx for a split piece."""
    return f"IKI-{tahun}-TW{q}" + (f"-{piece}" if piece else "") + ".xlsx"


def identity_properties(ctx: Context, tahun: int, q: int, jabatan: Sequence[Jabatan]) -> dict:
    """Custom document properties naming what the workbook is (all strings, contract 2)."""
    return {
        "iki_tahun": str(tahun),
        "iki_triwulan": str(q),
        "iki_versi_template": TEMPLATE_VERSION,
        "iki_sidik_katalog": ctx.catalog.fingerprint,
        # "*" for the whole workbook: the full list (~410 characters) would pass the 255
        # characters Excel allows in a custom property.
        "iki_jabatan": "*"
        if len(jabatan) == len(ctx.catalog.jabatan)
        else ",".join(j.id for j in jabatan),
    }


def previous_lookup(previous: pd.DataFrame | None, tahun: int, q: int) -> Previous:
    """Earlier quarters' facts of year `tahun`, of every area (the regency, and each
    kecamatan for indicators entered per kecamatan), keyed by the fact key.

    Facts of other years and quarters >= q are left out; NaN (a blank, not
    reported) is left out too, so the context cell stays blank.
    """
    if previous is None:
        return {}
    missing = [c for c in PREVIOUS_COLUMNS if c not in previous.columns]
    if missing:
        raise ValueError(f"previous values lack columns {missing}")
    frame = previous.assign(
        tahun=previous["tahun"] if "tahun" in previous.columns else tahun,
        # A fact without an area (a frame joined from one that has none) is the regency.
        wilayah=previous["wilayah"].fillna(WILAYAH_ALL)
        if "wilayah" in previous.columns
        else WILAYAH_ALL,
    )
    out: dict[tuple, float] = {}
    rows = zip(*(frame[c].tolist() for c in (*FACT_KEY, "nilai")), strict=True)
    for year, triwulan, indikator_id, variabel_id, wilayah, nilai in rows:
        if nilai is None or triwulan is None or pd.isna(triwulan) or not 1 <= int(triwulan) < q:
            continue
        if int(year) != tahun:
            continue
        value = float(nilai)
        if math.isfinite(value):  # NaN is a blank (not reported), shown blank
            key = fact_key(tahun, int(triwulan), str(indikator_id), str(variabel_id), str(wilayah))
            out[key] = value
    return out


def split_groups(ctx: Context, split: str | None) -> list[tuple[str | None, list[Jabatan]]]:
    """(file name piece, jabatan held) per workbook; units without jabatan are skipped."""
    jabatan = list(ctx.catalog.jabatan)
    if split is None:
        return [(None, jabatan)]
    if split == "jabatan":
        return [(j.id, [j]) for j in jabatan]
    units = ctx.catalog.units()
    return [(unit, units[unit]) for unit in UNITS if units[unit]]


def write_template(
    ctx: Context,
    tahun: int,
    triwulan: int,
    out_dir: Path,
    split: str | None = None,
    previous: pd.DataFrame | None = None,
    may_replace: Callable[[Path], bool] | None = None,
) -> list[Path]:
    """Write the workbook(s) for quarter `triwulan` into out_dir; return the paths written.

    `previous` holds earlier quarters' facts (pipeline.facts columns; at least triwulan,
    indikator_id, variabel_id, nilai) shown as locked context; None leaves them blank.
    An existing workbook is replaced only when this tool wrote it and it is untouched, or
    when `may_replace(path)` (pipeline.template.earlier: read back, every input blank)
    says it holds nothing.
    """
    if split not in SPLITS:
        raise UsageError(f"Pembagian berkas '{split}' tidak dikenal: pilih jabatan atau bidang.")
    if isinstance(triwulan, bool) or not isinstance(triwulan, int) or not 1 <= triwulan <= 4:
        raise UsageError(f"Triwulan harus 1 sampai 4, bukan {triwulan!r}.")
    if tahun != ctx.targets.tahun:
        raise UsageError(
            f"Target yang dimuat untuk tahun {ctx.targets.tahun}, bukan {tahun}: "
            f"jalankan dengan --year {tahun} agar target tahun itu dibaca."
        )
    prev = previous_lookup(previous, tahun, triwulan)
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"Folder {out_dir} tidak dapat dibuat: {exc.strerror}.") from exc
    groups = [
        (out_dir / template_filename(tahun, triwulan, piece), jabatan)
        for piece, jabatan in split_groups(ctx, split)
    ]
    # Every file checked before the first is written: a refusal leaves the folder as it was.
    for path, _ in groups:
        check_overwritable(path, "template", may_replace)
    written = []
    for path, jabatan in groups:
        _write_workbook(ctx, tahun, triwulan, jabatan, prev, path, may_replace)
        written.append(path)
    return written


def _write_workbook(
    ctx: Context,
    tahun: int,
    q: int,
    jabatan: Sequence[Jabatan],
    previous: Previous,
    path: Path,
    may_replace: Callable[[Path], bool] | None = None,
) -> None:
    """Build into a temporary file, then rename: a half-written workbook never appears.

    An existing file is replaced only while it is this tool's untouched blank template
    (pipeline.safewrite): a returned, filled workbook in the same folder is never lost.
    """
    try:
        with guarded(path, "template", may_replace) as tmp:
            _build(ctx, tahun, q, jabatan, previous, tmp)
    except PermissionError as exc:
        raise UsageError(
            f"Berkas {path} tidak dapat ditulis ({exc.strerror}); mungkin sedang dibuka di "
            "Excel. Tutup berkasnya, lalu ulangi."
        ) from exc


def _build(
    ctx: Context, tahun: int, q: int, jabatan: Sequence[Jabatan], previous: Previous, tmp: Path
) -> None:
    workbook = Workbook(str(tmp), WORKBOOK_OPTIONS)
    book = Book(workbook, Styles(workbook), NameRegistry(workbook), ctx, tahun, q, previous)
    write_petunjuk(book, jabatan)
    for jab in jabatan:
        write_jabatan_sheet(book, jab)
    budget = ctx.budget
    if budget is not None and budget.pengisi in {j.id for j in jabatan}:
        write_anggaran_sheet(book, budget)
    _set_identity(workbook, identity_properties(ctx, tahun, q, jabatan))
    kantor = ctx.config.kantor
    workbook.set_properties(
        {
            "title": f"Formulir Isian Realisasi IKI Tahun {tahun} — {fmt.triwulan(q)}",
            "subject": f"Realisasi Indikator Kinerja Individu {fmt.triwulan(q)} {tahun}",
            "author": f"{OFFICE}, {kantor.nama_dinas}",
            "company": kantor.pemerintah_daerah,
            "keywords": "IKI, realisasi, triwulan",
            "comments": f"Versi template {TEMPLATE_VERSION}; isi sel kuning saja.",
        }
    )
    workbook.close()


def _set_identity(workbook: Workbook, props: dict[str, str]) -> None:
    for name, value in props.items():
        if len(value) > 255:
            raise RuntimeError(f"custom property {name!r} longer than Excel's 255 characters")
        status = workbook.set_custom_property(name, value, "text")
        if status != 0:
            raise RuntimeError(f"custom property {name!r} refused")
