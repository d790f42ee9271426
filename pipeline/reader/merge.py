"""Resolve a jabatan-quarter sent in more than one file, and assemble the result tables.

Identical values: one copy is kept (the newest file) and an info finding says so.
Different values: no file wins. Every differing cell is reported with both files, and the
jabatan-quarter's values are dropped (NaN) until the clerk removes one of the files.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from pipeline.catalog.model import Catalog
from pipeline.contract import PAGU, SEBAB_LABEL
from pipeline.facts import (
    BUDGET_INDIKATOR,
    FACT_COLUMNS,
    NOTE_COLUMNS,
    NOTE_KETERANGAN,
    WILAYAH_ALL,
)
from pipeline.findings import Finding, error, info, warning
from pipeline.fmt import angka_auto
from pipeline.fmt import triwulan as nama_triwulan
from pipeline.reader.model import Cell, FileRead, JabatanRead

VALUE_COLUMNS = FACT_COLUMNS
KETERANGAN_COLUMNS = NOTE_COLUMNS


@dataclass(frozen=True)
class _Sent:
    file: FileRead
    jabatan: JabatanRead

    @property
    def values(self) -> dict[tuple[str, str], float]:
        return {(c.indikator_id, c.variabel_id, c.wilayah): c.nilai for c in self.jabatan.cells}


def merge_reads(
    reads: list[FileRead], catalog: Catalog, tahun: int
) -> tuple[list[dict], list[dict], list[Finding]]:
    """Rows of the values and keterangan tables (frames are built by ReadResult on demand)."""
    groups: dict[tuple[str, int], list[_Sent]] = defaultdict(list)
    for read in reads:
        if not read.info.readable or read.info.triwulan is None:
            continue
        for jread in read.jabatan:
            groups[(jread.jabatan_id, read.info.triwulan)].append(_Sent(read, jread))
    rows: list[dict] = []
    notes: list[dict] = []
    findings: list[Finding] = []
    for (jabatan_id, q), sent in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        # Newest first: the kept copy of identical duplicates is the latest one sent.
        sent.sort(key=lambda s: (s.file.info.mtime, s.file.info.name), reverse=True)
        nama = catalog.jabatan_by_id[jabatan_id].nama
        filled = [s for s in sent if not s.jabatan.empty]
        dropped = False
        if not filled:
            findings.append(_unfilled(sent, jabatan_id, q, nama))
        elif len(filled) > 1:
            conflicts = _conflicts(filled, catalog, jabatan_id, q, nama)
            findings.extend(conflicts or _identical(filled, jabatan_id, q, nama))
            dropped = bool(conflicts)
        # A sheet left untouched in one file does not compete with one filled in another.
        sent = filled or sent
        keep = sent[0]
        berkas = "; ".join(s.file.info.name for s in sent) if dropped else keep.file.info.name
        sha = "; ".join(s.file.info.sha256 for s in sent) if dropped else keep.file.info.sha256
        for cell in keep.jabatan.cells:
            rows.append(_row(tahun, q, jabatan_id, cell, berkas, sha, dropped))
        texts = [((i, NOTE_KETERANGAN), t) for i, t in keep.jabatan.keterangan.items()]
        texts += list(keep.jabatan.sebab.items())
        for (indikator_id, jenis), text in texts:
            notes.append(
                {
                    "jabatan_id": jabatan_id,
                    "indikator_id": indikator_id,
                    "triwulan": q,
                    "keterangan": text,
                    "jenis": jenis,
                }
            )
    return rows, notes, findings


def _row(
    tahun: int, q: int, jabatan_id: str, cell: Cell, berkas: str, sha: str, dropped: bool
) -> dict:
    return {
        "tahun": tahun,
        "triwulan": q,
        "jabatan_id": jabatan_id,
        "indikator_id": cell.indikator_id,
        "variabel_id": cell.variabel_id,
        "wilayah": cell.wilayah,
        "nilai": math.nan if dropped else cell.nilai,
        "berkas": berkas,
        "sha256": sha,
        "lembar": cell.lembar,
        "sel": cell.sel,
    }


def _label(catalog: Catalog, cell: Cell) -> str:
    """The input a cell is, as messages name it (a budget cell by its baris_id)."""
    if cell.indikator_id == BUDGET_INDIKATOR:
        baris, _, jenis = cell.variabel_id.rpartition("__")
        return f"{'Pagu' if jenis == PAGU else 'Realisasi'} anggaran baris {baris}"
    ind = catalog.indikator_by_id[cell.indikator_id]
    label = next(v.label for v in ind.variabel if v.id == cell.variabel_id)
    return label if cell.wilayah == WILAYAH_ALL else f"{label} (kecamatan {cell.wilayah})"


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def _shown(x: float) -> str:
    return "kosong/tidak terbaca" if math.isnan(x) else angka_auto(x)


def _holds(c: Cell) -> str:
    """'berisi 5 di sel G12'; a cell that could not be located (a broken name, a sheet that
    failed) has no cell to name: its own error (name-broken, ...) says why."""
    if c.unknown or not c.sel:
        return "tidak dapat dibaca pada isian ini (lihat galat nama sel atau lembarnya)"
    return f"berisi {_shown(c.nilai)} di sel {c.sel}"


def _unfilled(sent: list[_Sent], jabatan_id: str, q: int, nama: str) -> Finding:
    keep = sent[0]
    where = (
        f"berkas '{keep.file.info.name}'"
        if len(sent) == 1
        else f"{len(sent)} berkas (mis. '{keep.file.info.name}')"
    )
    return warning(
        "sheet-blank",
        f"Jabatan {nama} {nama_triwulan(q)} belum diisi sama sekali: lembarnya kosong di {where}. "
        "Jabatan ini dianggap belum melapor. Isi sel berwarna kuning, simpan, lalu kirim ulang.",
        file=keep.file.info.name,
        sheet=keep.jabatan.lembar or None,
        jabatan=jabatan_id,
        triwulan=q,
    )


def _identical(sent: list[_Sent], jabatan_id: str, q: int, nama: str) -> list[Finding]:
    keep = sent[0]
    out = []
    for other in sent[1:]:
        out.append(
            info(
                "duplicate-identical",
                f"Jabatan {nama} {nama_triwulan(q)} juga dikirim dalam berkas "
                f"'{keep.file.info.name}' dengan nilai yang sama persis; nilai dari berkas itu "
                "(yang terbaru) dipakai sekali saja. Berkas ganda boleh dihapus dari folder "
                "masukan.",
                file=other.file.info.name,
                jabatan=jabatan_id,
                triwulan=q,
            )
        )
    return out


def _text_conflicts(
    base: _Sent, other: _Sent, catalog: Catalog, jabatan_id: str, q: int, nama: str
) -> list[Finding]:
    """Keterangan texts differ: a difference like any other (one text would be lost)."""
    out = []
    mine = {(i, NOTE_KETERANGAN): t for i, t in base.jabatan.keterangan.items()}
    theirs = {(i, NOTE_KETERANGAN): t for i, t in other.jabatan.keterangan.items()}
    mine.update(base.jabatan.sebab)
    theirs.update(other.jabatan.sebab)
    for indikator_id, jenis in sorted(set(mine) | set(theirs)):
        a, b = mine.get((indikator_id, jenis), ""), theirs.get((indikator_id, jenis), "")
        if a == b:
            continue
        ind = catalog.indikator_by_id[indikator_id]
        what = "Keterangan" if jenis == NOTE_KETERANGAN else SEBAB_LABEL[jenis]
        # An empty text has no recorded place: the other file's cell names it.
        key = (indikator_id, jenis)
        sheet, cell = other.jabatan.teks_sel.get(key, base.jabatan.teks_sel.get(key, (None, None)))
        base_sheet, base_cell = base.jabatan.teks_sel.get(key, (sheet, cell))
        out.append(
            error(
                "duplicate-conflict",
                f"{what} indikator {ind.nama}: berkas ini berisi {_quote(b)} di sel "
                f"{cell or '?'}, tetapi berkas '{base.file.info.name}' berisi {_quote(a)} di "
                f"sel {base_cell or '?'} lembar {base_sheet or '?'} (jabatan {nama}, "
                f"{nama_triwulan(q)}). Tentukan mana yang benar dan hapus berkas yang lain dari "
                "folder masukan.",
                file=other.file.info.name,
                sheet=sheet or other.jabatan.lembar or None,
                cell=cell,
                jabatan=jabatan_id,
                indikator=indikator_id,
                triwulan=q,
            )
        )
    return out


def _quote(text: str) -> str:
    from pipeline.reader.cells import shown_text

    return f'"{shown_text(text, 60)}"' if text else "keterangan kosong"


def _conflicts(
    sent: list[_Sent], catalog: Catalog, jabatan_id: str, q: int, nama: str
) -> list[Finding]:
    """One error per differing cell (naming both files), plus one per file saying it is dropped."""
    out: list[Finding] = []
    base = sent[0]
    base_cells = {(c.indikator_id, c.variabel_id, c.wilayah): c for c in base.jabatan.cells}
    for other in sent[1:]:
        for cell in other.jabatan.cells:
            mine = base_cells.get((cell.indikator_id, cell.variabel_id, cell.wilayah))
            if mine is None or _same(mine.nilai, cell.nilai):
                continue
            label = _label(catalog, cell)
            out.append(
                error(
                    "duplicate-conflict",
                    f"{label}: berkas ini {_holds(cell)}, tetapi berkas "
                    f"'{base.file.info.name}' {_holds(mine)} (jabatan {nama}, "
                    f"{nama_triwulan(q)}). Tentukan mana yang benar dan hapus berkas yang lain "
                    "dari folder masukan.",
                    file=other.file.info.name,
                    sheet=cell.lembar or None,
                    cell=cell.sel or None,
                    jabatan=jabatan_id,
                    indikator=None if cell.indikator_id == BUDGET_INDIKATOR else cell.indikator_id,
                    triwulan=q,
                )
            )
        out.extend(_text_conflicts(base, other, catalog, jabatan_id, q, nama))
    if not out:
        return out
    names = ", ".join(f"'{s.file.info.name}'" for s in sent)
    for s in sent:
        out.append(
            error(
                "duplicate-dropped",
                f"Jabatan {nama} {nama_triwulan(q)} dikirim dalam {len(sent)} berkas ({names}) "
                "yang isinya berbeda. Tidak ada yang dipilih diam-diam: semua nilai jabatan ini "
                "untuk triwulan tersebut TIDAK dipakai sampai hanya satu berkas yang tersisa "
                "di folder masukan.",
                file=s.file.info.name,
                jabatan=jabatan_id,
                triwulan=q,
            )
        )
    return out
