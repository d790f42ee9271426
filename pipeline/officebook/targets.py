"""The office-data workbook: targets (PK + Rencana Aksi), Renstra, standards of one year.

`targets template --year Y` writes it, pre-filled from the data/ TOML files that exist;
`targets import FILE` checks every cell (findings name file, sheet, cell) and, with no
error, writes the TOML files the tool reads (the old ones kept as `.bak`).
Names: `<id>__target__tahunan`, `<id>__target__tw<Q>`, `<id>__renstra__awal`,
`<id>__renstra__th<Y>`, `<id>__standar__nilai|tingkat|sumber`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from pipeline.catalog.model import Catalog, Indikator, Target
from pipeline.catalog.office import TINGKAT_STANDAR, Renstra, RenstraIndikator, Standar
from pipeline.config import Config
from pipeline.contract import SEPARATOR, check_name
from pipeline.findings import Finding, error, has_errors
from pipeline.officebook.form import FormRead, Input, Row, Sheet, read_form, write_form
from pipeline.officebook.tomlwrite import (
    renstra_toml,
    replace_file,
    same_content,
    sample_flag,
    standar_toml,
    targets_toml,
)

JENIS = "target"
PROP_TAHUN, PROP_AWAL, PROP_AKHIR = "iki_tahun", "iki_renstra_awal", "iki_renstra_akhir"
TARGET, RENSTRA, STANDAR = "Target", "Renstra", "Standar"


def name(indikator_id: str, what: str, when: str) -> str:
    return check_name(f"{indikator_id}{SEPARATOR}{what}{SEPARATOR}{when}")


def _num(ind: Indikator, n: str, value: float | None) -> Input:
    hi = ind.nilai_maks if ind.jenis == "nilai" else None
    return Input(n, value, lo=0.0, hi=hi)


@dataclass(frozen=True)
class OfficeData:
    """What the workbook holds for one year."""

    tahun: int
    targets: Mapping[str, Target]
    renstra: Renstra | None
    standar: Mapping[str, Standar] = field(default_factory=lambda: MappingProxyType({}))
    # Sample-data marker per sheet kind (KINDS): True/False as stated in the workbook's
    # flag cell; absent = not stated (an import keeps the data file's own marker).
    contoh: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))


KINDS = ("target", "renstra", "standar")
YA, TIDAK = "Ya", "Tidak"
FLAG_LABEL = (
    "Data CONTOH (bukan angka resmi)? Ganti menjadi Tidak bila angka di lembar ini sudah resmi."
)


def flag_name(kind: str) -> str:
    return name("data", "contoh", kind)


def _flag(kind: str, contoh: bool | None) -> Input:
    shown = None if contoh is None else (YA if contoh else TIDAK)
    return Input(flag_name(kind), shown, kind="choice", choices=(YA, TIDAK))


def write_targets_template(
    catalog: Catalog, data: OfficeData, path: Path, *, awal: int, akhir: int, password: str = ""
) -> Path:
    ren = data.renstra.indikator if data.renstra else {}
    years = range(awal, akhir + 1)
    t_rows, r_rows, s_rows = [], [], []
    for n, ind in enumerate(catalog.indikator, start=1):
        jab = catalog.jabatan_by_id[ind.jabatan_id]
        labels = (str(n), jab.nama, ind.nama, ind.satuan)
        t = data.targets.get(ind.id)
        quarters = t.triwulan if t and t.triwulan else (None,) * 4
        t_rows.append(
            Row(
                labels,
                (
                    _num(ind, name(ind.id, "target", "tahunan"), t.tahunan if t else None),
                    *(
                        _num(ind, name(ind.id, "target", f"tw{q}"), quarters[q - 1])
                        for q in range(1, 5)
                    ),
                ),
            )
        )
        r = ren.get(ind.id)
        r_rows.append(
            Row(
                labels,
                (
                    _num(ind, name(ind.id, "renstra", "awal"), r.kondisi_awal if r else None),
                    *(
                        _num(ind, name(ind.id, "renstra", f"th{y}"), r.target.get(y) if r else None)
                        for y in years
                    ),
                ),
            )
        )
        s = data.standar.get(ind.id)
        s_rows.append(
            Row(
                labels,
                (
                    _num(ind, name(ind.id, "standar", "nilai"), s.nilai if s else None),
                    Input(
                        name(ind.id, "standar", "tingkat"),
                        s.tingkat if s else None,
                        kind="choice",
                        choices=TINGKAT_STANDAR,
                    ),
                    Input(name(ind.id, "standar", "sumber"), s.sumber if s else None, kind="text"),
                ),
            )
        )
    heads = ("No", "Jabatan", "Indikator", "Satuan")
    widths = (5, 28, 48, 10)
    sheets = [
        Sheet(TARGET, f"Target Perjanjian Kinerja dan Rencana Aksi tahun {data.tahun}",
              "Target tahunan (Perjanjian Kinerja) wajib untuk setiap indikator. Target "
              "triwulan (Rencana Aksi) kumulatif s.d. TW I-IV: isi keempatnya atau kosongkan "
              "semuanya; TW IV sama dengan target tahunan. Persentase dalam persen (92,5).",
              heads, ("Target tahunan", "s.d. TW I", "s.d. TW II", "s.d. TW III", "s.d. TW IV"),
              tuple(t_rows), (*widths, 12, 11, 11, 11, 11),
              _flag("target", data.contoh.get("target")), FLAG_LABEL),
        Sheet(RENSTRA, f"Renstra {awal}-{akhir}",
              f"Kondisi awal (realisasi {awal - 1}) dan target setiap tahun Renstra; target "
              f"{akhir} adalah target akhir. Indikator di luar Renstra: kosongkan barisnya.",
              heads, (f"Kondisi awal ({awal - 1})", *(f"Target {y}" for y in years)),
              tuple(r_rows), (*widths, 12, *([11] * len(years))),
              _flag("renstra", data.contoh.get("renstra")), FLAG_LABEL),
        Sheet(STANDAR, "Standar nasional/provinsi",
              "Bila ada standar atau target nasional/provinsi untuk indikator: nilainya, "
              "tingkatnya (nasional/provinsi) dan sumbernya (peraturan/dokumen). Selain itu "
              "kosongkan.",
              heads, ("Nilai standar", "Tingkat", "Sumber"), tuple(s_rows),
              (*widths, 12, 12, 48), _flag("standar", data.contoh.get("standar")), FLAG_LABEL),
    ]  # fmt: skip
    props = {PROP_TAHUN: str(data.tahun), PROP_AWAL: str(awal), PROP_AKHIR: str(akhir)}
    return write_form(path, sheets, jenis=JENIS, props=props,
                      title=f"Target IKI {data.tahun}", password=password)  # fmt: skip


@dataclass
class TargetsImport:
    findings: list[Finding]
    data: OfficeData | None = None
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def read_targets_workbook(path: Path, catalog: Catalog) -> TargetsImport:
    probe = read_form(path, {}, jenis=JENIS)
    if probe.findings:
        return TargetsImport(probe.findings)
    try:
        tahun, awal, akhir = (int(probe.props[k]) for k in (PROP_TAHUN, PROP_AWAL, PROP_AKHIR))
    except (KeyError, ValueError):
        return TargetsImport([error("office-workbook-invalid",
                                    "Identitas workbook (tahun, periode Renstra) rusak. Buat "
                                    "ulang dengan `python -m pipeline targets template`.",
                                    file=path.name)])  # fmt: skip
    specs: dict[str, Input] = {flag_name(k): _flag(k, None) for k in KINDS}
    for ind in catalog.indikator:
        for when in ("tahunan", "tw1", "tw2", "tw3", "tw4"):
            specs[name(ind.id, "target", when)] = _num(ind, name(ind.id, "target", when), None)
        for when in ("awal", *(f"th{y}" for y in range(awal, akhir + 1))):
            specs[name(ind.id, "renstra", when)] = _num(ind, name(ind.id, "renstra", when), None)
        n = name(ind.id, "standar", "nilai")
        specs[n] = _num(ind, n, None)
        n = name(ind.id, "standar", "tingkat")
        specs[n] = Input(n, kind="choice", choices=TINGKAT_STANDAR)
        n = name(ind.id, "standar", "sumber")
        specs[n] = Input(n, kind="text")
    form = read_form(path, specs, jenis=JENIS)
    out = TargetsImport(list(form.findings))
    check = _Checker(form, path.name, out.findings)
    targets: dict[str, Target] = {}
    renstra: dict[str, RenstraIndikator] = {}
    standar: dict[str, Standar] = {}
    for ind in catalog.indikator:
        t = check.target(ind)
        if t:
            targets[ind.id] = t
        r = check.renstra(ind, awal, akhir)
        if r:
            renstra[ind.id] = r
        s = check.standar(ind)
        if s:
            standar[ind.id] = s
    if out.ok:
        out.data = OfficeData(
            tahun,
            MappingProxyType(targets),
            Renstra(awal, akhir, False, MappingProxyType(renstra)) if renstra else None,
            MappingProxyType(standar),
            MappingProxyType(
                {k: form.values[flag_name(k)] == YA for k in KINDS if flag_name(k) in form.values}
            ),
        )
    return out


class _Checker:
    """Consistency of one indicator's cells; each problem a finding at the cell concerned."""

    def __init__(self, form: FormRead, file: str, findings: list[Finding]) -> None:
        self.form, self.file, self.findings = form, file, findings

    def get(self, n: str):
        return self.form.values.get(n)

    def refused(self, ind: Indikator, what: str) -> bool:
        """A cell of this group already has its own finding (e.g. -3): checking the group's
        consistency would report that cell again as blank ("diisi sebagian")."""
        prefix = f"{ind.id}{SEPARATOR}{what}{SEPARATOR}"
        return any(n.startswith(prefix) for n in self.form.invalid)

    def fail(self, n: str, message: str, ind: Indikator) -> None:
        sheet, cell = self.form.where.get(n, (None, None))
        self.findings.append(error("office-value-invalid", message, file=self.file,
                                   sheet=sheet, cell=cell, indikator=ind.id))  # fmt: skip

    def target(self, ind: Indikator) -> Target | None:
        n = name(ind.id, "target", "tahunan")
        tahunan = self.get(n)
        if self.refused(ind, "target"):
            return None
        qs = [self.get(name(ind.id, "target", f"tw{q}")) for q in range(1, 5)]
        if tahunan is None:
            if n in self.form.where and n not in self.form.invalid:
                self.fail(n, f"Target tahunan '{ind.nama}' wajib diisi.", ind)
            return None
        if tahunan <= 0 and ind.polaritas == "positif":
            self.fail(n, "Target tahunan harus lebih dari 0.", ind)
            return None
        if all(q is None for q in qs):
            return Target(ind.id, float(tahunan))
        if any(q is None for q in qs):
            blank = next(q for q in range(1, 5) if qs[q - 1] is None)
            self.fail(
                name(ind.id, "target", f"tw{blank}"),
                "Target triwulan diisi sebagian: isi keempatnya atau kosongkan semua.",
                ind,
            )
            return None
        if qs[3] != tahunan:
            self.fail(name(ind.id, "target", "tw4"),
                      f"Target s.d. TW IV ({qs[3]:g}) harus sama dengan target tahunan "
                      f"({tahunan:g}).", ind)  # fmt: skip
            return None
        return Target(ind.id, float(tahunan), tuple(float(q) for q in qs))

    def renstra(self, ind: Indikator, awal: int, akhir: int) -> RenstraIndikator | None:
        years = list(range(awal, akhir + 1))
        if self.refused(ind, "renstra"):
            return None
        values = {y: self.get(name(ind.id, "renstra", f"th{y}")) for y in years}
        base = self.get(name(ind.id, "renstra", "awal"))
        if all(v is None for v in values.values()):
            if base is not None:
                self.fail(
                    name(ind.id, "renstra", f"th{awal}"),
                    "Kondisi awal diisi tetapi target Renstra kosong.",
                    ind,
                )
            return None
        missing = [y for y in years if values[y] is None]
        if missing:
            self.fail(name(ind.id, "renstra", f"th{missing[0]}"),
                      f"Target Renstra tahun {missing[0]} kosong: isi target setiap tahun "
                      "atau kosongkan seluruh baris.", ind)  # fmt: skip
            return None
        return RenstraIndikator(
            ind.id, None if base is None else float(base),
            MappingProxyType({y: float(v) for y, v in values.items()}),
        )  # fmt: skip

    def standar(self, ind: Indikator) -> Standar | None:
        cells = {w: self.get(name(ind.id, "standar", w)) for w in ("nilai", "tingkat", "sumber")}
        if self.refused(ind, "standar"):
            return None
        if all(v is None for v in cells.values()):
            return None
        missing = [w for w, v in cells.items() if v is None]
        if missing:
            self.fail(name(ind.id, "standar", missing[0]),
                      "Standar diisi sebagian: nilai, tingkat dan sumber harus diisi "
                      "bersama.", ind)  # fmt: skip
            return None
        return Standar(ind.id, float(cells["nilai"]), str(cells["tingkat"]), str(cells["sumber"]))


@dataclass(frozen=True)
class Saved:
    path: Path
    changed: bool  # False: the file already held these data and was left untouched
    contoh: bool


def save_office_data(
    config: Config, catalog: Catalog, data: OfficeData, source: str
) -> list[Saved]:
    """Write the TOML files the tool reads (the old one kept as .bak).

    A file that already holds the same data is not rewritten, so its comments stay. The
    sample marker (`contoh = true`) is what the workbook's flag cell says; a workbook
    without the flag (or with it blank) keeps the file's own marker.
    """
    target_path = config.target_path(data.tahun)
    folder = target_path.parent
    jobs: list[tuple[str, Path, Callable[[bool], str]]] = [
        ("target", target_path,
         lambda c: targets_toml(data.tahun, data.targets.values(), catalog, source, c)),
    ]  # fmt: skip
    renstra = data.renstra
    if renstra is not None:
        jobs.append(("renstra", config.renstra or folder / "renstra.toml",
                     lambda c: renstra_toml(renstra.awal, renstra.akhir, renstra.indikator,
                                            catalog, source, c)))  # fmt: skip
    if data.standar:
        jobs.append(("standar", config.standar or folder / "standar.toml",
                     lambda c: standar_toml(data.standar, catalog, source, c)))  # fmt: skip
    saved = []
    for kind, path, render in jobs:
        contoh = data.contoh.get(kind)
        if contoh is None:
            contoh = path.is_file() and sample_flag(path)
        text = render(contoh)
        if path.is_file() and same_content(path, text):
            saved.append(Saved(path, False, contoh))
            continue
        replace_file(path, text)
        saved.append(Saved(path, True, contoh))
    return saved
