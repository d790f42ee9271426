"""ReportModel -> plain, already formatted values for the templates.

Nothing here computes a figure except the per-jabatan summary of the LKjIP annex (counts
and the mean of the capaian the model holds). Every string is Indonesian; a missing figure
is "–" and its reason (the model's catatan) is shown next to it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from pipeline import fmt
from pipeline.catalog.model import UNITS, Indikator, Jabatan
from pipeline.config import Kantor
from pipeline.documents.assets import logo_data_uri
from pipeline.documents.charts import ChartSpec
from pipeline.fmt import as_number
from pipeline.report.model import ReportModel, Signatory

DASH = "–"
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Kop:
    pemerintah: str
    dinas: str
    alamat: str
    kontak: str
    logo: str | None


@dataclass(frozen=True)
class Ttd:
    """One signature block (Permendagri 1/2023): date line or "Mengetahui,", title, name."""

    atas: str  # "Tanjung Harapan, 7 Januari 2027" or "Mengetahui,"
    jabatan: str  # "Plt. Kepala Seksi Kelahiran,"
    nama: str | None  # None: vacant, a dotted line is printed
    pangkat: str
    nip: str | None  # "19680411 199303 1 009"; None: no NIP (Bupati) or vacant

    @property
    def jabatan_baris(self) -> list[str]:
        """The title in lines of balanced length (WeasyPrint has no `text-wrap: balance`)."""
        return balanced_lines(self.jabatan, TTD_LINE_CHARS)


# Characters of a signature title that surely fit one line of the narrowest signature
# block (half a portrait A4 text width, 10.5 pt sans): a longer title is broken here into
# lines of about equal length instead of leaving "Sipil," alone on the last line.
TTD_LINE_CHARS = 40


def balanced_lines(text: str, width: int) -> list[str]:
    """Words in the fewest lines of at most `width` characters (a longer word gets a line
    of its own), the longest line as short as possible."""
    words = text.split()
    if len(text) <= width or len(words) < 2:
        return [text]
    n = len(words)

    def length(i: int, j: int) -> int:  # words[i:j] on one line
        return sum(len(w) for w in words[i:j]) + (j - i - 1)

    # best[i] = (lines, longest line, breaks not after a comma, first break) for words[i:]
    best: list[tuple[int, int, int, int]] = [(0, 0, 0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 1, n + 1):
            here = length(i, j)
            if here > width and j > i + 1:
                break
            lines, longest, awkward, _ = best[j]
            awkward += j < n and not words[j - 1].endswith(",")
            options.append((lines + 1, max(here, longest), awkward, j))
        best[i] = min(options)
    out, i = [], 0
    while i < n:
        j = best[i][3]
        out.append(" ".join(words[i:j]))
        i = j
    return out


@dataclass(frozen=True)
class Page:
    """What every document shares: letterhead, draft mark, sample-data note, footer."""

    kop: Kop
    penulis: str  # PDF author: the office, with its regency
    kata_kunci: str  # PDF keywords
    draft: bool
    contoh: str  # "" or the footer note
    kaki: str  # footer text, left
    predikat_css: str


@dataclass
class Baris:
    """A table row; `rowspan` > 0 on the first row of a sasaran group, 0 on the others."""

    no: str
    sasaran: str
    rowspan: int
    cells: dict[str, str] = field(default_factory=dict)
    tw: list[str] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)
    pk: str = ""  # predicate class name for the colour chip


def as_text(x: object) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    s = str(x).strip()
    return "" if s in ("nan", "NaN", "None", "NaT", "<NA>") else s


def figure(x: object, ind: Indikator) -> str:
    """A realisation or target as printed in a table with a Satuan column."""
    v = as_number(x)
    if v is None:
        return DASH
    return fmt.angka(v, 2) if ind.jenis == "persentase" else fmt.angka_auto(v)


def figure_with_unit(x: object, ind: Indikator) -> str:
    v = as_number(x)
    if v is None:
        return DASH
    if ind.jenis == "persentase":
        return fmt.persen(v)
    if ind.jenis == "nilai" or ind.satuan in ("", "nilai"):
        return fmt.angka_auto(v)
    return f"{fmt.angka_auto(v)} {ind.satuan}"


TIDAK_LENGKAP_LABEL = "Tidak lengkap"


def provisional(cur: dict) -> bool:
    """A to-date figure built on incomplete quarters: shown, never as a plain capaian."""
    return as_text(cur.get("status")) == "tidak_lengkap"


SEMENTARA = "(sementara)"


def capaian_cell(cur: dict, *, unit: bool = True) -> str:
    """'92,31 %' (a provisional one is marked by `capaian_mark` on a line below it)."""
    v = as_number(cur.get("capaian"))
    return fmt.persen(v) if unit else fmt.angka(v, 2)


def capaian_mark(cur: dict) -> list[str]:
    """['(sementara)'] under a capaian built on incomplete quarters, else nothing."""
    return [SEMENTARA] if provisional(cur) and as_number(cur.get("capaian")) is not None else []


def decision_notes(model: ReportModel, ind: Indikator | Jabatan) -> list[str]:
    """On a draft: the catalog decisions behind this indicator (or this jabatan's own texts)
    the office has not confirmed."""
    if not model.draft:
        return []
    todo = [k for k in ind.keputusan if k.id not in model.keputusan_dikonfirmasi]
    if not todo:
        return []
    return ["Keputusan katalog belum dikonfirmasi kantor: " + " ".join(k.uraian for k in todo)]


def predikat_css(model: ReportModel) -> str:
    """Static class per predicate band; colours come validated from config, never user text."""
    rules = [".chip.pk-x { background: #ffffff; }"]
    for i, band in enumerate(model.scale.bands):
        color = band.warna if HEX_COLOR.match(band.warna) else "#9e9e9e"
        rules.append(f".chip.pk-{i} {{ background: {color}; }}")
    return "\n".join(rules)


def predikat_class(model: ReportModel, nama: str) -> str:
    for i, band in enumerate(model.scale.bands):
        if band.nama == nama:
            return f"pk-{i}"
    return "pk-x"


def signatory(model: ReportModel, jabatan_id: str, fallback: str) -> Signatory:
    return model.signatories.get(jabatan_id) or Signatory(jabatan_id, fallback, None)


def ttd(model: ReportModel, s: Signatory, *, mengetahui: bool = False) -> Ttd:
    title = s.title.strip()
    p = s.pejabat
    return Ttd(
        atas="Mengetahui," if mengetahui else tempat_tanggal(model),
        jabatan=title if title.endswith(",") else f"{title},",
        nama=p.nama if p else None,
        pangkat=p.pangkat if p else "",
        nip=fmt.nip(p.nip) if p and p.nip else None,
    )


def tempat_tanggal(model: ReportModel) -> str:
    return f"{model.kantor.tempat}, {fmt.tanggal(model.tanggal_ttd)}"


def contoh_note(model: ReportModel, signers: list[Signatory], *, targets: bool) -> str:
    parts = []
    if targets and model.targets.contoh:
        parts.append("target")
    if any(s.pejabat is not None and s.pejabat.contoh for s in signers):
        parts.append("nama dan NIP pejabat")
    if not parts:
        return ""
    return f"DATA CONTOH: {' serta '.join(parts)} bersifat fiktif"


def page(model: ReportModel, kaki: str, signers: list[Signatory], *, targets: bool) -> Page:
    k = model.kantor
    kontak = " · ".join(
        x for x in (k.telepon and f"Telepon {k.telepon}", k.surel and f"Surel {k.surel}") if x
    )
    return Page(
        kop=Kop(
            pemerintah=k.pemerintah_daerah.upper(),
            dinas=k.nama_dinas.upper(),
            alamat=k.alamat,
            kontak=kontak,
            logo=logo_data_uri(k.logo),
        ),
        penulis=author(k),
        kata_kunci=keywords(k, model.tahun),
        draft=model.draft,
        contoh=contoh_note(model, signers, targets=targets),
        kaki=kaki,
        predikat_css=predikat_css(model),
    )


def author(k: Kantor) -> str:
    """The PDF author: the office with its regency."""
    return f"{k.nama_dinas} {k.pemerintah_daerah.removeprefix('Pemerintah ')}"


def keywords(k: Kantor, tahun: int, *extra: str) -> str:
    return ", ".join(
        (*extra, "Indikator Kinerja Individu", "IKI", "SAKIP", k.nama_dinas, str(tahun))
    )


def periode(model: ReportModel) -> str:
    """'Tahun 2026' or 'Tahun 2026 s.d. Triwulan III'."""
    base = f"Tahun {model.tahun}"
    return base if model.triwulan >= 4 else f"{base} s.d. {fmt.triwulan(model.triwulan)}"


def by_sasaran(jabatan: Jabatan) -> list[tuple[int, str, Indikator, int]]:
    """(sasaran number, sasaran, indicator, rowspan or 0) in catalog order."""
    out = []
    for n, s in enumerate(jabatan.sasaran, start=1):
        for k, ind in enumerate(s.indikator):
            out.append((n, s.nama, ind, len(s.indikator) if k == 0 else 0))
    return out


def iki(model: ReportModel, jabatan: Jabatan) -> dict:
    holder = signatory(model, jabatan.id, jabatan.nama)
    atasan = signatory(model, jabatan.atasan, "Bupati")
    rows = [
        Baris(
            no=str(n),
            sasaran=sasaran,
            rowspan=span,
            cells={
                "indikator": ind.nama,
                "formulasi": ind.formulasi_for(model.tahun),
                "sumber": ind.sumber_data,
            },
            catatan=decision_notes(model, ind),
        )
        for n, sasaran, ind, span in by_sasaran(jabatan)
    ]
    letters = "abcdefghijklmnopqrstuvwxyz"
    return {
        "page": page(model, f"IKI {model.tahun} · {jabatan.nama}", [holder, atasan], targets=False),
        "judul": f"Indikator Kinerja Individu {model.tahun} – {jabatan.nama}",
        "tahun": model.tahun,
        "jabatan": jabatan,
        "fungsi": [
            (f"{letters[i]}." if i < len(letters) else f"{i + 1}.", text)
            for i, text in enumerate(jabatan.fungsi)
        ],
        "rows": rows,
        "catatan_jabatan": decision_notes(model, jabatan),
        "ttd_kiri": ttd(model, atasan, mengetahui=True),
        "ttd_kanan": ttd(model, holder),
    }


class Results:
    """Result rows by (indikator_id, triwulan)."""

    def __init__(self, model: ReportModel) -> None:
        self.by_key = {
            (r["indikator_id"], int(r["triwulan"])): r for r in model.results.to_dict("records")
        }

    def get(self, indikator_id: str, q: int) -> dict:
        return self.by_key.get((indikator_id, q)) or {
            "catatan": "Tidak ada data hasil perhitungan",
        }


def pengukuran_rows(
    model: ReportModel, jabatan: Jabatan, res: Results
) -> tuple[list[Baris], ChartSpec]:
    q_now = model.triwulan
    rows, values, colors = [], [], []
    for n, sasaran, ind, span in by_sasaran(jabatan):
        cur = res.get(ind.id, q_now)
        quarters = range(1, q_now + 1)
        tw = [figure(res.get(ind.id, q).get("realisasi_triwulan"), ind) for q in quarters]
        catatan = []
        for q in range(1, q_now + 1):
            note = as_text(res.get(ind.id, q).get("catatan"))
            if note:
                catatan.append(f"{fmt.tw(q)}: {note}")
        catatan += decision_notes(model, ind)
        predikat = as_text(cur.get("predikat"))
        capaian = as_number(cur.get("capaian"))
        pk = predikat_class(model, predikat) if predikat else ""
        if provisional(cur):
            predikat = ""  # the engine gives none; say why instead of a dash
        rows.append(
            Baris(
                no=str(n),
                sasaran=sasaran,
                rowspan=span,
                cells={
                    "indikator": ind.nama,
                    "satuan": ind.satuan,
                    "target_tahunan": figure(cur.get("target_tahunan"), ind),
                    "target": figure(cur.get("target"), ind),
                    "realisasi": figure(cur.get("realisasi"), ind),
                    "capaian": capaian_cell(cur),
                    "sementara": " ".join(capaian_mark(cur)),
                    "predikat": predikat or (TIDAK_LENGKAP_LABEL if provisional(cur) else DASH),
                    "keterangan": as_text(model.keterangan_for(ind.id, q_now)),
                },
                tw=tw,
                catatan=catatan,
                pk=pk,
            )
        )
        values.append(capaian)
        color = model.scale.color(predikat) if predikat else None
        colors.append(color if color and HEX_COLOR.match(color) else "#9e9e9e")
    labels = tuple(str(i) for i in range(1, len(rows) + 1))
    return rows, ChartSpec(labels, tuple(values), tuple(colors))


def pengukuran(model: ReportModel, jabatan_list: list[Jabatan], res: Results) -> dict:
    """Measurement sheets, one section per jabatan (each its own page group and signature).

    A chart is drawn for jabatan with two indicators or more; for a single indicator the
    table row already says all a bar would.
    """
    sections = []
    judul = f"Pengukuran Kinerja Individu {periode(model)}"
    for j in jabatan_list:
        holder = signatory(model, j.id, j.nama)
        rows, chart = pengukuran_rows(model, j, res)
        p = holder.pejabat
        sections.append(
            {
                "page": page(model, f"{judul} · {j.nama}", [holder], targets=True),
                "judul": f"{judul} – {j.nama}",
                "jabatan": j,
                "unit": UNITS.get(j.unit, j.unit),
                "pejabat": p.nama if p else f"{DASH} (jabatan lowong)",
                "nip": fmt.nip(p.nip) if p and p.nip else "",
                "status": holder.title,
                "rows": rows,
                "chart": chart if len(rows) >= 2 else None,
                "ttd": ttd(model, holder),
            }
        )
    q = model.triwulan
    return {
        "page": sections[0]["page"] if sections else page(model, judul, [], targets=True),
        "judul": judul,
        "periode": periode(model),
        "tw": [fmt.tw(i) for i in range(1, q + 1)],
        "tw_now": fmt.tw(q),
        "two_targets": q < 4,
        "sections": sections,
    }
