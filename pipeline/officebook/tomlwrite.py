"""Write the office data TOML files (targets, Renstra, standards) from checked values.

The files are the same shape a person writes by hand (docs/catalog-schema.md), so they
load through the same validating loaders; every write goes to a temporary file first and
the previous file is kept as `<name>.bak`.
"""

from __future__ import annotations

import json
import os
import shutil
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from pipeline.catalog.model import Catalog, Target
from pipeline.catalog.office import RenstraIndikator, Standar


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _text(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a TOML basic string is JSON-compatible


SAMPLE_NOTE = "# DATA CONTOH (contoh = true): ganti dengan data resmi, lalu hapus baris contoh."


def _sample(contoh: bool) -> list[str]:
    """The `contoh = true` marker line (the report then says the data are sample data)."""
    return ["contoh = true", ""] if contoh else []


def targets_toml(
    tahun: int, targets: Iterable[Target], catalog: Catalog, source: str, contoh: bool = False
) -> str:
    by_id = {t.indikator_id: t for t in targets}
    lines = [
        *([SAMPLE_NOTE] if contoh else []),
        f"# Target Perjanjian Kinerja dan Rencana Aksi tahun {tahun}.",
        f"# Dibuat dari workbook {source} (python -m pipeline targets import).",
        "# tahunan = target tahunan; triwulan = target kumulatif s.d. TW I, II, III, IV.",
        "",
        f"tahun = {tahun}",
        *_sample(contoh),
        "",
    ]
    for jab in catalog.jabatan:
        lines.append(f"# --- {jab.nama}")
        for ind in jab.indikator:
            t = by_id.get(ind.id)
            if t is None:
                continue
            lines.append(f"[target.{ind.id}]")
            lines.append(f"tahunan = {_num(t.tahunan)}")
            if t.triwulan is not None:
                lines.append("triwulan = [" + ", ".join(_num(x) for x in t.triwulan) + "]")
            lines.append("")
    return "\n".join(lines)


def renstra_toml(
    awal: int,
    akhir: int,
    indikator: Mapping[str, RenstraIndikator],
    catalog: Catalog,
    source: str,
    contoh: bool = False,
) -> str:
    lines = [
        *([SAMPLE_NOTE] if contoh else []),
        f"# Renstra {awal}-{akhir}: kondisi awal, target per tahun (yang terakhir = target akhir).",
        f"# Dibuat dari workbook {source} (python -m pipeline targets import).",
        "",
        f"awal = {awal}",
        f"akhir = {akhir}",
        *_sample(contoh),
        "",
    ]
    for ind in catalog.indikator:
        r = indikator.get(ind.id)
        if r is None:
            continue
        lines.append(f"[indikator.{ind.id}]")
        if r.kondisi_awal is not None:
            lines.append(f"kondisi_awal = {_num(r.kondisi_awal)}")
        lines.append("target = [" + ", ".join(_num(r.target[y]) for y in sorted(r.target)) + "]")
        lines.append("")
    return "\n".join(lines)


def standar_toml(
    standar: Mapping[str, Standar], catalog: Catalog, source: str, contoh: bool = False
) -> str:
    lines = [
        *([SAMPLE_NOTE] if contoh else []),
        "# Standar/target nasional atau provinsi per indikator, dengan sumbernya.",
        f"# Dibuat dari workbook {source} (python -m pipeline targets import).",
        "",
        *_sample(contoh),
    ]
    for ind in catalog.indikator:
        s = standar.get(ind.id)
        if s is None:
            continue
        lines += [
            f"[standar.{ind.id}]",
            f"nilai = {_num(s.nilai)}",
            f"tingkat = {_text(s.tingkat)}",
            f"sumber = {_text(s.sumber)}",
            "",
        ]
    return "\n".join(lines)


def sample_flag(path: Path) -> bool:
    """The `contoh` marker of an existing data file (False when absent or unreadable)."""
    try:
        return (
            tomllib.loads(path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode()).get("contoh")
            is True
        )
    except (OSError, ValueError):
        return False


def same_content(path: Path, text: str) -> bool:
    """True when `path` already holds the same data as `text` (comments and layout aside)."""
    try:
        old = tomllib.loads(path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode())
    except (OSError, ValueError):
        return False
    return old == tomllib.loads(text)


def replace_file(path: Path, text: str) -> Path | None:
    """Write `text` to `path` atomically; return the backup of the old file, if any."""
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if path.exists():
        backup = path.with_name(path.name + ".bak")
        shutil.copy2(path, backup)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return backup
