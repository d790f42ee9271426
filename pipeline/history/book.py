"""The history workbook: target and realisasi per indicator and year, for years before the
tool existed (`history template --from-year Y1 --to-year Y2`, then `history import`).

Names follow the quarterly scheme: `<indikator_id>__target__th<Y>` and
`<indikator_id>__realisasi__th<Y>`. On import capaian and predikat are computed with the
engine's rules (polarity from the catalog, the configured scale and cap), one archived run
per year (source `impor_workbook`), as of the whole year (triwulan 4).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from pipeline.archive.db import Archive
from pipeline.archive.store import record_run
from pipeline.catalog.model import Indikator
from pipeline.context import Context
from pipeline.contract import SEPARATOR, check_name
from pipeline.engine.achievement import achievement
from pipeline.engine.values import exact
from pipeline.errors import UsageError
from pipeline.findings import info, warning
from pipeline.history.csvimport import ImportOutcome, shown_path
from pipeline.officebook.form import Input, Row, Sheet, read_form, write_form

JENIS = "riwayat"
SHEET = "Riwayat"
PROP_AWAL, PROP_AKHIR = "iki_tahun_awal", "iki_tahun_akhir"
NAME_RE = re.compile(r"^([a-z0-9_]+?)__(target|realisasi)__th(\d{4})$")
MAX_YEARS = 10
LABEL_COLUMN = 2  # the Indikator column: names of ids the catalog no longer has


def history_name(indikator_id: str, what: str, tahun: int) -> str:
    return check_name(f"{indikator_id}{SEPARATOR}{what}{SEPARATOR}th{tahun}")


def _input(ind: Indikator, what: str, tahun: int) -> Input:
    hi = ind.nilai_maks if ind.jenis == "nilai" else None
    lo = ind.nilai_min if ind.jenis == "nilai" else 0.0
    return Input(history_name(ind.id, what, tahun), lo=lo, hi=hi)


def write_history_template(ctx: Context, awal: int, akhir: int, path: Path) -> Path:
    if not 2000 <= awal <= akhir <= 2100 or akhir - awal >= MAX_YEARS:
        raise UsageError(
            f"Rentang tahun {awal}–{akhir} tidak sah: tahun awal paling lambat sama dengan "
            f"tahun akhir, paling banyak {MAX_YEARS} tahun."
        )
    years = range(awal, akhir + 1)
    rows = []
    n = 0
    for jab in ctx.catalog.jabatan:
        for ind in jab.indikator:
            n += 1
            inputs = []
            for y in years:
                inputs += [_input(ind, "target", y), _input(ind, "realisasi", y)]
            rows.append(Row((str(n), jab.nama, ind.nama, ind.satuan), tuple(inputs)))
    sheet = Sheet(
        name=SHEET,
        title=f"Riwayat target dan realisasi IKI tahun {awal}–{akhir}",
        note=(
            "Isi sel kuning dengan target dan realisasi setahun penuh setiap indikator, dari "
            "dokumen resmi (Perjanjian Kinerja, LKjIP). Persentase ditulis dalam persen "
            "(92,5 bukan 0,925). Kosongkan bila tidak ada datanya. Lalu impor dengan: "
            "python -m pipeline history import BERKAS"
        ),
        label_headers=("No", "Jabatan", "Indikator", "Satuan"),
        input_headers=tuple(h for y in years for h in (f"Target {y}", f"Realisasi {y}")),
        rows=tuple(rows),
        widths=(5, 28, 48, 10, *([12] * (2 * len(years)))),
    )
    return write_form(
        path,
        [sheet],
        jenis=JENIS,
        props={
            PROP_AWAL: str(awal),
            PROP_AKHIR: str(akhir),
            "iki_sidik_katalog": ctx.catalog.fingerprint,
        },
        title=f"Riwayat IKI {awal}-{akhir}",
        password=ctx.config.kata_sandi,
    )


def import_history_workbook(archive: Archive, path: Path, ctx: Context) -> ImportOutcome:
    """Check every named cell; with no error, one archived run per year with figures."""
    name = path.name
    parsed: dict[str, tuple[str, str, int]] = {}

    def spec(dn: str) -> Input | None:
        m = NAME_RE.match(dn)
        if not m:
            return None
        iid, what, year = m.group(1), m.group(2), int(m.group(3))
        parsed[dn] = (iid, what, year)
        ind = ctx.catalog.indikator_by_id.get(iid)
        return _input(ind, what, year) if ind else Input(dn)

    form = read_form(path, spec, jenis=JENIS, label_column=LABEL_COLUMN)
    out = ImportOutcome(name, findings=list(form.findings))
    unknown = sorted({iid for iid, _, _ in parsed.values()} - set(ctx.catalog.indikator_by_id))
    for iid in unknown:
        sheet, cell = next(form.where[dn] for dn, p in parsed.items() if p[0] == iid)
        out.findings.append(
            warning(
                "history-indicator-unknown",
                f"Indikator '{iid}' di workbook ini tidak ada di katalog sekarang (id-nya "
                "berubah atau indikatornya dihapus). Angkanya tetap diimpor ke arsip tetapi "
                "tidak dibandingkan di laporan.",
                file=name,
                sheet=sheet,
                cell=cell,
                indikator=iid,
            )
        )
    if not out.ok or not form.sha256:
        return out
    sha = form.sha256
    labels = {parsed[dn][0]: text for dn, text in form.labels.items()}
    by_year: dict[int, dict[str, dict[str, float]]] = {}
    for dn, value in form.values.items():
        iid, what, year = parsed[dn]
        by_year.setdefault(year, {}).setdefault(iid, {})[what] = float(value)
    for year in sorted(by_year):
        frame = pd.DataFrame(
            [_result(ctx, iid, figs, labels.get(iid, iid)) for iid, figs in by_year[year].items()]
        )
        run = record_run(
            archive,
            frame,
            tahun=year,
            triwulan=4,
            draf=False,
            sumber="impor_workbook",
            sidik_masukan=sha,
            sidik_katalog=ctx.catalog.fingerprint,
            berkas=shown_path(path),
            sha256=sha,
        )
        out.runs.append(run)
    out.tahun = tuple(sorted(by_year))
    if not by_year:
        out.findings.append(
            warning(
                "history-empty", "Tidak ada sel yang terisi: tidak ada yang diimpor.", file=name
            )
        )
    elif out.already:
        out.findings.append(
            info(
                "history-already-imported",
                "Isi workbook ini sudah pernah diimpor; arsip tidak diubah.",
                file=name,
            )
        )
    return out


def _result(ctx: Context, iid: str, figs: dict[str, float], label: str) -> dict:
    ind = ctx.catalog.indikator_by_id.get(iid)
    target = figs.get("target")
    realisasi = figs.get("realisasi")
    if ind is None:
        capaian, predikat, notes = math.nan, None, ["Indikator tidak ada di katalog sekarang"]
    else:
        got = achievement(
            None if realisasi is None else exact(realisasi),
            target,
            ind.polaritas,
            scale=ctx.config.predikat,
            cap=ctx.config.batas_capaian,
        )
        capaian, predikat, notes = got.capaian, got.predikat, list(got.notes)
    jabatan = ctx.catalog.jabatan_by_id[ind.jabatan_id] if ind else None
    return {
        "jabatan_id": jabatan.id if jabatan else "",
        "jabatan": jabatan.nama if jabatan else "",
        "indikator_id": iid,
        "indikator": ind.nama if ind else label,
        "satuan": ind.satuan if ind else "",
        "triwulan": 4,
        "target": math.nan if target is None else target,
        "realisasi": math.nan if realisasi is None else realisasi,
        "realisasi_triwulan": math.nan,
        "capaian": capaian,
        "predikat": predikat,
        "status": "ok" if realisasi is not None else "belum_dilaporkan",
        "catatan": "; ".join(notes) if realisasi is not None else "Realisasi tidak diisi",
    }
