"""The benchmark's generated workbooks follow the template: every value it fills has a
defined name, and every indicator input of the template gets a value (so `make bench`
times the reading of complete workbooks, and breaks loudly when the template changes)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from pipeline.bench_files import filled_values, make_returns, make_whole, reselected
from pipeline.context import Context
from pipeline.contract import SEPARATOR
from pipeline.reader import read_workbooks
from pipeline.template import write_template


def test_bench_fills_exactly_the_templates_indicator_inputs(
    real_ctx: Context, tmp_path: Path
) -> None:
    (path,) = write_template(real_ctx, 2026, 1, tmp_path)
    names = set(openpyxl.load_workbook(path).defined_names)
    ids = [j.id for j in real_ctx.catalog.jabatan]
    filled = set(filled_values(real_ctx, 1, ids, seed=1))
    indicator_ids = {i.id for i in real_ctx.catalog.indikator}
    variabel_inputs = {
        n
        for n in names
        if n.split(SEPARATOR)[0] in indicator_ids
        and n.split(SEPARATOR)[1] in {v.id for i in real_ctx.catalog.indikator for v in i.variabel}
    }
    assert filled <= names
    assert filled == variabel_inputs
    # The kecamatan rows are among them (23 per variable of each indicator split by area).
    split = [i for i in real_ctx.catalog.indikator if real_ctx.wilayah.split(i)]
    assert split
    per_area = [n for n in filled if n.count(SEPARATOR) == 3]
    assert len(per_area) == sum(len(i.variabel) for i in split) * len(real_ctx.wilayah.kode)


def test_returns_differ_from_each_other_only_in_their_senders_sheet(
    real_ctx: Context, tmp_path: Path
) -> None:
    """What `make bench` calls a sender's return: the blank whole workbook with one
    jabatan's values; a re-save moves only that sheet's selected cell."""
    paths = make_returns(real_ctx, 86, tmp_path)
    parts = [_parts(p) for p in (paths[0], paths[1], paths[84], paths[85])]
    first, second, resave_first, resave_second = parts
    assert set(first) == set(second)
    differ = [n for n in first if first[n] != second[n]]
    assert len(differ) == 2 and all(n.startswith("xl/worksheets/") for n in differ)
    assert [n for n in first if first[n] != resave_first[n]] == [differ[0]]
    assert [n for n in second if second[n] != resave_second[n]] == [differ[1]]
    values = read_workbooks(paths[:2], real_ctx, tahun=real_ctx.targets.tahun).value_rows
    assert {r["jabatan_id"] for r in values if r["nilai"] == r["nilai"]} == {
        real_ctx.catalog.jabatan[0].id,
        real_ctx.catalog.jabatan[1].id,
    }


def test_reselected_files_share_no_sheet_and_keep_their_values(
    real_ctx: Context, tmp_path: Path
) -> None:
    whole = make_whole(real_ctx, 2, tmp_path)
    copies = reselected([whole[0], whole[0]], tmp_path / "beda")
    a, b = (_parts(p) for p in copies)
    sheets = [n for n in a if n.startswith("xl/worksheets/sheet")]
    assert sheets and all(a[n] != b[n] for n in sheets)
    year = real_ctx.targets.tahun
    reads = [read_workbooks([p], real_ctx, tahun=year).value_rows for p in (whole[0], *copies)]
    values = [[(r["jabatan_id"], r["sel"], r["nilai"]) for r in rows] for rows in reads]
    assert values[0] and values[1] == values[0] and values[2] == values[0]


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}
