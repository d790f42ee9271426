"""Byte-identical copies (re-sent files) are parsed once per run, yet each is reported as
itself: its own name, path and time in the file record and in every finding."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

from readerkit import Kit

from pipeline.context import Context
from pipeline.reader import read_workbooks
from pipeline.reader.read import read_file


def _without_file(findings) -> list:
    return sorted((dataclasses.replace(f, file=None) for f in findings), key=repr)


def test_copy_is_reported_as_itself(mini_ctx: Context, tmp_path: Path) -> None:
    kit = Kit(mini_ctx, tmp_path)
    first = kit.filled(
        "a.xlsx",
        {("jumlah_sosialisasi", "sosialisasi_desa"): "12 dokumen"},
        keterangan={"keluhan_layanan": "antrian panjang"},
    )
    copy = kit.inbox / "ulang" / "b.xlsx"
    copy.parent.mkdir()
    shutil.copy(first, copy)
    os.utime(first, (1_700_000_000, 1_700_000_000))
    result = read_workbooks([first, copy], mini_ctx, tahun=2026)
    a, b = result.files
    assert (a.name, a.path, b.name, b.path) == ("a.xlsx", first, "b.xlsx", copy)
    assert a.mtime != b.mtime and a.sha256 == b.sha256 and a.readable and b.readable
    per_file = {
        name: [f for f in result.findings if f.file == name and f.code != "duplicate-identical"]
        for name in ("a.xlsx", "b.xlsx")
    }
    assert {f.code for f in per_file["b.xlsx"]} >= {"text-in-number"}
    # What each copy says is what reading it alone says, under its own name.
    alone = read_file(copy, "b.xlsx", mini_ctx, tahun=2026, triwulan_max=None)
    assert all(f.file == "b.xlsx" for f in alone.findings)
    assert _without_file(per_file["b.xlsx"]) == _without_file(alone.findings)
    assert _without_file(per_file["a.xlsx"]) == _without_file(alone.findings)
    # The kept copy is the newest file; its name is on the values.
    assert set(result.values.berkas) == {"b.xlsx"}
