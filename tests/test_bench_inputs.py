"""The benchmark's generated workbooks follow the template: every value it fills has a
defined name, and every indicator input of the template gets a value (so `make bench`
times the reading of complete workbooks, and breaks loudly when the template changes)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from pipeline.bench import filled_values
from pipeline.context import Context
from pipeline.contract import SEPARATOR
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
