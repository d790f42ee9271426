"""Load and validate the office's budget file (data/anggaran-<tahun>.toml).

Structure problems stop the command (ConfigError naming the TOML key path, exit code 2):
codes that do not follow their parent's code (Permendagri 90/2019 pattern: program
`2.12.02`, kegiatan `2.12.02.2.01`, sub kegiatan `2.12.02.2.01.0001`), a pagu that is not
a whole number of rupiah >= 0, unknown jabatan or indicator ids, duplicate codes or ids.
Doubtful but usable data becomes findings (see `budget_findings`).
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.budget.model import KEGIATAN, PROGRAM, SUB_KEGIATAN, Budget, BudgetLine
from pipeline.catalog.load import ID_RE
from pipeline.catalog.model import BUPATI, Catalog
from pipeline.tomlcheck import Section, load_toml

URUSAN_RE = re.compile(r"^\d\.\d{2}$")
# The part each level adds to its parent's code.
CODE_TAIL = {PROGRAM: r"\d{2}", KEGIATAN: r"\d\.\d{2}", SUB_KEGIATAN: r"\d{4}"}
CODE_EXAMPLE = {PROGRAM: "2.12.02", KEGIATAN: "2.12.02.2.01", SUB_KEGIATAN: "2.12.02.2.01.0001"}
CHILDREN = {PROGRAM: KEGIATAN, KEGIATAN: SUB_KEGIATAN}
BARIS_ID_MAX = 40


def load_budget(path: Path, catalog: Catalog, tahun: int) -> Budget:
    """The budget of year `tahun`; any structural problem is a ConfigError."""
    root = Section(load_toml(path), Path(path).name)
    root.unknown_keys({"tahun", "contoh", "urusan", "sumber_dana", "pengisi", "program"})
    year = root.int("tahun", lo=2000, hi=2100)
    if year != tahun:
        raise root.fail("tahun", f"harus {tahun} (berkas anggaran tahun laporan)", year)
    urusan = root.section("urusan")
    urusan.unknown_keys({"kode", "nama"})
    urusan_kode = urusan.str("kode")
    if not URUSAN_RE.match(urusan_kode):
        raise urusan.fail("kode", "harus kode urusan seperti 2.12", urusan_kode)
    pengisi = root.str("pengisi", None) if "pengisi" in root.data else _head(catalog)
    if pengisi not in catalog.jabatan_by_id:
        raise root.fail("pengisi", "bukan id jabatan di katalog", pengisi)
    lines: list[BudgetLine] = []
    programs = root.list("program")
    if not programs:
        raise root.fail("program", "harus berisi minimal satu [[program]]")
    for i, raw in enumerate(programs):
        _line(_table(root, raw, f"program[{i}]"), PROGRAM, urusan_kode, None, catalog, lines)
    _check_unique(root, lines)
    return Budget(
        tahun=year,
        contoh=root.bool("contoh", False),
        file=root.file,
        urusan_kode=urusan_kode,
        urusan_nama=urusan.str("nama"),
        sumber_dana=root.str("sumber_dana", "APBD"),
        lines=tuple(lines),
        pengisi=pengisi,
    )


def _head(catalog: Catalog) -> str:
    """Default filler of the Anggaran sheet: the head of office (reports to the Bupati)."""
    return next(j.id for j in catalog.jabatan if j.atasan == BUPATI)


def _table(parent: Section, raw: object, path: str) -> Section:
    if not isinstance(raw, dict):
        raise Section({}, parent.file).fail(path, "harus berupa tabel", raw)
    return Section(raw, parent.file, path)


def _line(
    s: Section,
    tingkat: str,
    parent_kode: str,
    parent: str | None,
    catalog: Catalog,
    out: list[BudgetLine],
) -> int:
    """Append this line and its descendants to `out` (document order); return its pagu."""
    child = CHILDREN.get(tingkat)
    keys = {"kode", "nama", "jabatan", "indikator", "keterangan"}
    keys |= {child} if child else {"baris_id", "pagu"}
    s.unknown_keys(keys)
    kode = s.str("kode")
    if not re.fullmatch(re.escape(parent_kode) + r"\." + CODE_TAIL[tingkat], kode):
        raise s.fail(
            "kode",
            f"harus diawali kode induknya {parent_kode} dan berbentuk seperti "
            f"{CODE_EXAMPLE[tingkat]}",
            kode,
        )
    jabatan = s.str("jabatan", None) if "jabatan" in s.data else None
    if jabatan is not None and jabatan not in catalog.jabatan_by_id:
        raise s.fail("jabatan", "bukan id jabatan di katalog", jabatan)
    indikator = s.list("indikator", [])
    for n, iid in enumerate(indikator):
        if not isinstance(iid, str) or iid not in catalog.indikator_by_id:
            raise s.fail(f"indikator[{n}]", "bukan id indikator di katalog", iid)
    if len(set(indikator)) != len(indikator):
        raise s.fail("indikator", "tidak boleh menyebut indikator yang sama dua kali", indikator)
    position = len(out)
    baris_id = None
    if child:
        children = s.list(child)
        if not children:
            raise s.fail(child, f"harus berisi minimal satu [[...{child}]]")
        pagu = sum(
            _line(_table(s, raw, s.key(f"{child}[{k}]")), child, kode, kode, catalog, out)
            for k, raw in enumerate(children)
        )
    else:
        baris_id = s.str("baris_id")
        if not ID_RE.match(baris_id) or len(baris_id) > BARIS_ID_MAX:
            raise s.fail(
                "baris_id",
                "harus huruf kecil, angka dan garis bawah tunggal, diawali huruf, paling "
                f"panjang {BARIS_ID_MAX} karakter",
                baris_id,
            )
        pagu = _pagu(s)
    out.insert(
        position,
        BudgetLine(
            tingkat=tingkat,
            kode=kode,
            nama=s.str("nama"),
            pagu=pagu,
            jabatan_id=jabatan,
            indikator=tuple(indikator),
            induk=parent,
            key=s.path,
            baris_id=baris_id,
            keterangan=s.str("keterangan", ""),
        ),
    )
    return pagu


def _pagu(s: Section) -> int:
    value = s.data.get("pagu")
    if value is None:
        raise s.fail("pagu", "wajib diisi: pagu tahunan dalam rupiah, mis. 250000000")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise s.fail(
            "pagu",
            "harus bilangan bulat rupiah >= 0 tanpa titik, koma atau desimal "
            "(mis. 250000000 atau 250_000_000)",
            value,
        )
    return value


def _check_unique(root: Section, lines: list[BudgetLine]) -> None:
    seen_kode: dict[str, str] = {}
    seen_id: dict[str, str] = {}
    for b in lines:
        s = Section({}, root.file, b.key)
        if b.kode in seen_kode:
            raise s.fail("kode", f"sudah dipakai di {seen_kode[b.kode]}", b.kode)
        seen_kode[b.kode] = b.key
        if b.baris_id:
            if b.baris_id in seen_id:
                raise s.fail("baris_id", f"sudah dipakai di {seen_id[b.baris_id]}", b.baris_id)
            seen_id[b.baris_id] = b.key
