"""Kecamatan: the regency's sub-districts as a dimension of the indicators served there.

Office data (`data/kecamatan.toml`, config `[data] kecamatan`): the code and name of each
kecamatan. The catalog marks the indicators broken down by kecamatan (`per_kecamatan`);
for those the workbook has one input row per kecamatan and variable, and the regency
figure (`wilayah` "*") is derived here as the sum of the kecamatan inputs, never entered
a second time. A percentage of the regency is then the ratio of those sums (the engine
forms it), never the mean of the kecamatan percentages.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalog.model import Catalog, Indikator
from pipeline.facts import WILAYAH_ALL
from pipeline.findings import Finding, warning
from pipeline.fmt import daftar
from pipeline.fmt import triwulan as nama_triwulan
from pipeline.tomlcheck import Section, load_toml

# Kemendagri code of a kecamatan: province.regency.district ("99.01.07"). Letters are not
# allowed: the code ends a workbook defined name, where digits and dots are always valid.
KODE = re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$")
MAX_KECAMATAN = 200


@dataclass(frozen=True)
class Kecamatan:
    kode: str
    nama: str


@dataclass(frozen=True)
class Wilayah:
    """The regency's kecamatan, in the office's order (the workbook's row order)."""

    kabupaten: str = ""
    kecamatan: tuple[Kecamatan, ...] = ()
    contoh: bool = False

    @property
    def kode(self) -> tuple[str, ...]:
        return tuple(k.kode for k in self.kecamatan)

    def nama(self, kode: str) -> str:
        if kode == WILAYAH_ALL:
            return f"Kabupaten {self.kabupaten}".strip()
        return next((k.nama for k in self.kecamatan if k.kode == kode), kode)

    def areas(self, ind: Indikator) -> tuple[str, ...]:
        """Codes an indicator's inputs are entered for: the kecamatan, or "*" alone."""
        return self.kode if ind.per_kecamatan and self.kecamatan else (WILAYAH_ALL,)

    def split(self, ind: Indikator) -> bool:
        return bool(ind.per_kecamatan and self.kecamatan)


def load_wilayah(path: Path) -> Wilayah:
    """data/kecamatan.toml; a wrong value is a ConfigError naming its key path."""
    root = Section(load_toml(path), Path(path).name)
    root.unknown_keys({"contoh", "kabupaten", "kecamatan"})
    rows = root.list("kecamatan")
    if not rows or len(rows) > MAX_KECAMATAN:
        raise root.fail("kecamatan", f"harus 1 sampai {MAX_KECAMATAN} tabel [[kecamatan]]", rows)
    out: list[Kecamatan] = []
    seen: set[str] = set()
    prefix = None
    for n, raw in enumerate(rows):
        if not isinstance(raw, dict):
            raise root.fail(f"kecamatan[{n}]", "harus tabel { kode, nama }", raw)
        s = Section(raw, root.file, f"kecamatan[{n}]")
        s.unknown_keys({"kode", "nama"})
        kode = s.str("kode")
        if not KODE.match(kode):
            raise s.fail("kode", 'harus kode Kemendagri "NN.NN.NN" (mis. "99.01.07")', kode)
        if kode in seen:
            raise s.fail("kode", "kode kecamatan ganda", kode)
        if prefix is not None and kode[:5] != prefix:
            raise s.fail("kode", f"harus diawali kode kabupaten yang sama ({prefix})", kode)
        prefix = kode[:5]
        seen.add(kode)
        out.append(Kecamatan(kode, s.str("nama")))
    return Wilayah(root.str("kabupaten", ""), tuple(out), root.bool("contoh", False))


def add_regency(
    rows: list[dict], catalog: Catalog, wilayah: Wilayah
) -> tuple[list[dict], list[Finding]]:
    """Facts plus the derived regency facts of the indicators entered per kecamatan.

    Per year, quarter, indicator and variable: the sum of the kecamatan values, NaN when
    any kecamatan is blank (a blank is not 0). A quarter with some kecamatan filled and
    others blank gets a `kecamatan-blank` warning naming the blank kecamatan.
    """
    split = {i.id for i in catalog.indikator if wilayah.split(i)}
    if not split:
        return rows, []
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        if row["indikator_id"] in split and row["wilayah"] != WILAYAH_ALL:
            groups[(row["tahun"], row["triwulan"], row["indikator_id"], row["variabel_id"])].append(
                row
            )
    derived: list[dict] = []
    blank_by_ind: dict[tuple, dict[str, list[str]]] = defaultdict(dict)
    for (tahun, q, iid, vid), members in groups.items():
        got = {r["wilayah"]: r for r in members}
        blank = [k for k in wilayah.kode if k not in got or _blank(got[k]["nilai"])]
        first = members[0]
        total = math.nan if blank else sum(float(got[k]["nilai"]) for k in wilayah.kode)
        cells = [r["sel"] for r in members if r.get("sel")]
        derived.append(
            {
                **first,
                "wilayah": WILAYAH_ALL,
                "nilai": total,
                "sel": f"{cells[0]}:{cells[-1]}" if cells else "",
            }
        )
        where = (first["jabatan_id"], first.get("berkas"), first.get("lembar"))
        blank_by_ind[(tahun, q, iid, *where)][vid] = blank
    return rows + derived, _blank_findings(blank_by_ind, catalog, wilayah)


def _blank(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _blank_findings(
    blank_by_ind: dict[tuple, dict[str, list[str]]], catalog: Catalog, wilayah: Wilayah
) -> list[Finding]:
    out = []
    for (_, q, iid, jabatan_id, berkas, lembar), by_var in blank_by_ind.items():
        ind = catalog.indikator_by_id[iid]
        blank = [k for k in wilayah.kode if any(k in b for b in by_var.values())]
        filled_somewhere = any(len(b) < len(wilayah.kode) for b in by_var.values())
        if not blank or not filled_somewhere:
            continue  # complete, or nothing entered at all (reported as not reported)
        names = kecamatan_list(wilayah, blank)
        out.append(
            warning(
                "kecamatan-blank",
                f"{ind.nama} {nama_triwulan(q)}: baris kecamatan {names} belum (lengkap) "
                "diisi, sehingga angka kabupaten (jumlah semua kecamatan) tidak lengkap dan "
                "tidak dihitung. Isi baris kecamatan itu (ketik 0 bila memang nol).",
                file=berkas or None,
                sheet=lembar or None,
                jabatan=jabatan_id,
                indikator=iid,
                triwulan=q,
            )
        )
    return out


def kecamatan_list(wilayah: Wilayah, kode: Sequence[str], limit: int = 8) -> str:
    """'Sungai Lestari (99.01.02), Bukit Sari (99.01.03) dan 4 lainnya'."""
    return daftar([f"{wilayah.nama(k)} ({k})" for k in kode], limit)
