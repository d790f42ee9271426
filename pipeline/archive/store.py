"""Writing to the archive: submissions and their facts, report runs with every result row,
targets and Renstra targets. Each function is one transaction.

Nothing here decides what a report uses: the input folder is the source of the current
year (a file removed from it is simply not read again); the archive keeps the record that
it was once received.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from pipeline.archive.db import Archive
from pipeline.catalog.model import Targets
from pipeline.catalog.office import Renstra
from pipeline.reader.files import FileInfo

SOURCES = ("laporan", "impor_csv", "impor_workbook")
# Columns of the `hasil` table besides laporan_id, in table order.
RESULT_ROW = (
    "tahun",
    "triwulan",
    "jabatan_id",
    "jabatan",
    "indikator_id",
    "indikator",
    "satuan",
    "target",
    "realisasi",
    "realisasi_triwulan",
    "capaian",
    "predikat",
    "status",
    "catatan",
    "wilayah",  # "*" = the regency (a frame without the column is the regency)
)


def now() -> str:
    return dt.datetime.now().isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Ingested:
    baru: int  # submissions recorded for the first time
    dikenal: int  # already in the archive (same sha256): nothing written for them
    fakta: int  # facts written


def ingest(archive: Archive, files: Sequence[FileInfo], facts: pd.DataFrame) -> Ingested:
    """Record every received file (by sha256) and the facts read from it.

    A file already archived (same content) changes nothing, whatever its name or place
    now. Facts are those the reader kept; values dropped in a duplicate conflict (several
    files in `sha256`) belong to no single file and are not archived.
    """
    stamp = now()
    baru = dikenal = written = 0
    by_sha = _facts_by_sha(facts)
    with archive.write() as conn:
        for f in files:
            if not f.sha256:
                continue  # not even readable as bytes: nothing to identify it by
            row = conn.execute("SELECT id FROM kiriman WHERE sha256 = ?", (f.sha256,)).fetchone()
            if row is None:
                cur = conn.execute(
                    "INSERT INTO kiriman (sha256, berkas, ukuran, tahun, triwulan, jabatan, "
                    "diubah, diterima, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        f.sha256,
                        f.path.name,
                        f.size,
                        f.tahun,
                        f.triwulan,
                        ",".join(f.jabatan),
                        f.mtime.isoformat(timespec="seconds"),
                        stamp,
                        "terbaca" if f.readable else "ditolak",
                    ),
                )
                kiriman_id = cur.lastrowid
                baru += 1
            else:
                kiriman_id = row["id"]
                dikenal += 1
            rows = [(kiriman_id, *r, stamp) for r in by_sha.get(f.sha256, ())]
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO fakta (kiriman_id, tahun, triwulan, jabatan_id, "
                "indikator_id, variabel_id, wilayah, nilai, lembar, sel, dibaca) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            written += conn.total_changes - before
    return Ingested(baru, dikenal, written)


def _facts_by_sha(facts: pd.DataFrame) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    if facts is None or facts.empty:
        return out
    cols = ["sha256", "tahun", "triwulan", "jabatan_id", "indikator_id", "variabel_id"]
    frame = facts.assign(wilayah=facts.get("wilayah", "*"))
    for sha, tahun, q, jid, iid, vid, wil, nilai, lembar, sel in zip(
        *(frame[c].tolist() for c in (*cols, "wilayah", "nilai", "lembar", "sel")), strict=True
    ):
        if not sha or ";" in str(sha):
            continue
        value = None if nilai is None or math.isnan(float(nilai)) else float(nilai)
        out.setdefault(str(sha), []).append(
            (int(tahun), int(q), jid, iid, vid, str(wil), value, str(lembar), str(sel))
        )
    return out


def fingerprint(
    *,
    sidik_katalog: str,
    tahun: int,
    triwulan: int,
    shas: Iterable[str],
    targets: Targets | None = None,
) -> str:
    """What a run's figures depend on: catalog shape, period, input files, targets."""
    blob = {
        "katalog": sidik_katalog,
        "tahun": tahun,
        "triwulan": triwulan,
        "berkas": sorted(set(shas)),
        "target": None
        if targets is None
        else sorted((t.indikator_id, t.tahunan, t.triwulan) for t in targets.by_id.values()),
    }
    return hashlib.sha256(json.dumps(blob, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Run:
    run_id: str
    id: int
    baru: bool  # False when an identical import was already archived


def record_run(
    archive: Archive,
    results: pd.DataFrame,
    *,
    tahun: int,
    triwulan: int,
    draf: bool,
    sumber: str,
    sidik_masukan: str,
    sidik_katalog: str = "",
    berkas: str = "",
    sha256: str = "",
    kiriman: Sequence[str] = (),
) -> Run:
    """One report run (or imported history) and every result row it published.

    An import of content already imported (same sha256 and source) is a no-op.
    """
    with archive.write() as conn:
        return insert_run(
            conn,
            results,
            tahun=tahun,
            triwulan=triwulan,
            draf=draf,
            sumber=sumber,
            sidik_masukan=sidik_masukan,
            sidik_katalog=sidik_katalog,
            berkas=berkas,
            sha256=sha256,
            kiriman=kiriman,
        )


def insert_run(
    conn: sqlite3.Connection,
    results: pd.DataFrame,
    *,
    tahun: int,
    triwulan: int,
    draf: bool,
    sumber: str,
    sidik_masukan: str,
    sidik_katalog: str = "",
    berkas: str = "",
    sha256: str = "",
    kiriman: Sequence[str] = (),
) -> Run:
    """record_run inside a transaction the caller holds."""
    if sumber not in SOURCES:
        raise ValueError(f"unknown source {sumber!r}")
    if sha256 and sumber != "laporan":
        old = conn.execute(
            "SELECT id, run_id FROM laporan WHERE sha256 = ? AND sumber = ? AND tahun = ?",
            (sha256, sumber, tahun),
        ).fetchone()
        if old is not None:
            return Run(old["run_id"], old["id"], baru=False)
    run_id = uuid.uuid4().hex
    cur = conn.execute(
        "INSERT INTO laporan (run_id, dibuat, tahun, triwulan, draf, sumber, berkas, "
        "sha256, sidik_masukan, sidik_katalog) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run_id,
            now(),
            tahun,
            triwulan,
            int(draf),
            sumber,
            berkas,
            sha256,
            sidik_masukan,
            sidik_katalog,
        ),
    )
    laporan_id = int(cur.lastrowid or 0)
    conn.executemany(
        f"INSERT INTO hasil (laporan_id, {', '.join(RESULT_ROW)}) "
        f"VALUES (?, {', '.join('?' * len(RESULT_ROW))})",
        [(laporan_id, *row) for row in _result_rows(results, tahun)],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO laporan_kiriman (laporan_id, kiriman_id) "
        "SELECT ?, id FROM kiriman WHERE sha256 = ?",
        [(laporan_id, s) for s in sorted(set(kiriman))],
    )
    return Run(run_id, laporan_id, baru=True)


def _result_rows(results: pd.DataFrame, tahun: int) -> list[tuple]:
    rows = []
    for r in results.to_dict("records"):
        rows.append(
            tuple(
                int(r.get("tahun", tahun))
                if c == "tahun"
                else (r.get(c) or "*")
                if c == "wilayah"
                else _sql(r.get(c))
                for c in RESULT_ROW
            )
        )
    return rows


def _sql(value: object) -> object:
    """NaN/None -> NULL; numpy scalars -> Python numbers."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()  # type: ignore[union-attr]
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def target_rows(targets: Targets, sumber: str) -> list[tuple]:
    stamp = now()
    return [
        (targets.tahun, t.indikator_id, t.tahunan, *(t.triwulan or (None,) * 4), sumber, stamp)
        for t in targets.by_id.values()
    ]


def record_targets(archive: Archive, targets: Targets, *, sumber: str) -> int:
    """The year's targets as used; a later record of the same year replaces them."""
    rows = target_rows(targets, sumber)
    with archive.write() as conn:
        upsert_targets(conn, rows)
    return len(rows)


def upsert_targets(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    # Only a change is written: recording the same targets again leaves them (and
    # when they were recorded) as they were.
    conn.executemany(
        "INSERT INTO target (tahun, indikator_id, tahunan, tw1, tw2, tw3, tw4, "
        "sumber, dicatat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (tahun, indikator_id) DO UPDATE SET tahunan = excluded.tahunan, "
        "tw1 = excluded.tw1, tw2 = excluded.tw2, tw3 = excluded.tw3, tw4 = excluded.tw4, "
        "sumber = excluded.sumber, dicatat = excluded.dicatat "
        "WHERE tahunan IS NOT excluded.tahunan OR tw1 IS NOT excluded.tw1 "
        "OR tw2 IS NOT excluded.tw2 OR tw3 IS NOT excluded.tw3 OR tw4 IS NOT excluded.tw4",
        rows,
    )


def record_renstra(archive: Archive, renstra: Renstra, *, sumber: str) -> int:
    with archive.write() as conn:
        return replace_renstra(conn, renstra, sumber=sumber)


def replace_renstra(conn: sqlite3.Connection, renstra: Renstra, *, sumber: str) -> int:
    """The period's Renstra targets; unchanged content writes nothing (returns 0)."""
    stamp = now()
    rows = []
    for ind in renstra.indikator.values():
        rows.append(
            (
                renstra.awal,
                renstra.akhir,
                ind.indikator_id,
                renstra.awal - 1,
                ind.kondisi_awal,
                "kondisi_awal",
                sumber,
                stamp,
            )
        )
        for year, value in ind.target.items():
            rows.append(
                (
                    renstra.awal,
                    renstra.akhir,
                    ind.indikator_id,
                    year,
                    value,
                    "tahunan",
                    sumber,
                    stamp,
                )
            )
    old = conn.execute(
        "SELECT awal, akhir, indikator_id, tahun, target, jenis FROM target_renstra "
        "WHERE awal = ? AND akhir = ?",
        (renstra.awal, renstra.akhir),
    ).fetchall()
    if {tuple(r) for r in old} == {r[:6] for r in rows}:
        return 0  # unchanged: nothing written
    conn.execute(
        "DELETE FROM target_renstra WHERE awal = ? AND akhir = ?",
        (renstra.awal, renstra.akhir),
    )
    conn.executemany(
        "INSERT INTO target_renstra (awal, akhir, indikator_id, tahun, target, jenis, "
        "sumber, dicatat) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)
