"""The workbooks `make bench` reads: filled as senders fill them, re-sent and re-saved.

- `make_whole`: the whole workbook (21 jabatan sheets and the Anggaran sheet) filled for
  every jabatan, one per quarter, the rest re-sent copies.
- `make_returns`: whole workbooks as the senders return them: each of the 84 (jabatan,
  quarter) returns is the quarter's blank workbook with only that jabatan's values, the
  rest re-saves of them (the sender looked at their sheet again, its selected cell moved).
  The sheets a sender did not touch are byte for byte the same in every return, as a
  spreadsheet program writes them (measured with LibreOffice: README, "Measured speed").
- `make_inputs`: the 84 per-jabatan workbooks, the rest re-sent copies.
- `reselected`: the same files with every sheet's bytes distinct in every file (the selected
  cell moved on every sheet), values unchanged: the worst case for reading, nothing in a
  file can be told from another file.

Values are written at the zip level into the cells the filler (openpyxl) wrote, so making
hundreds of distinct whole workbooks takes seconds, not an openpyxl save each.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

from pipeline.context import Context
from pipeline.reader.workbook import WorkbookXml, col_letters, parse_workbook

# A cell as openpyxl writes it, blank (<c r="E12" s="17" t="n"></c>) or with a saved
# value (<c r="E12" s="17" t="n"><v>40</v></c>); formula cells are left alone.
_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>(?:<v>[^<]*</v>)?</c>)')
_SELECTION = re.compile(rb'(<selection [^>]*?activeCell=")[A-Z]+[0-9]+(" sqref=")[A-Z]+[0-9]+"')


def filled_values(ctx: Context, q: int, jabatan_ids: list[str], seed: int) -> dict[str, float]:
    """Plausible values for every input of the given jabatan: counts whole, nilai in range."""
    from pipeline.template import input_name

    out: dict[str, float] = {}
    for jid in jabatan_ids:
        for ind in ctx.catalog.jabatan_by_id[jid].indikator:
            # Indicators entered per kecamatan have one input row per kecamatan and none
            # for the regency (its figure is derived).
            areas = ctx.wilayah.kode if ctx.wilayah.split(ind) else ("*",)
            for k, var in enumerate(ind.variabel):
                base = 40 + (seed * 7 + k * 13) % 60
                if ind.jenis == "nilai":
                    lo, hi = ind.nilai_min or 0.0, ind.nilai_maks or 100.0
                    value: float = round(lo + (hi - lo) * base / 100, 2)
                elif var.peran == "penyebut":
                    value = base + 50
                else:
                    value = base
                for area in areas:
                    out[input_name(ind.id, var.id, q, area)] = value
    return out


def make_inputs(ctx: Context, n: int, folder: Path, tahun: int | None = None) -> list[Path]:
    """N filled per-jabatan workbooks for quarters 1-4 in `folder` (copies beyond 84)."""
    from pipeline.template import write_template
    from pipeline.template.fill import fill_workbook

    year = tahun or ctx.targets.tahun
    blank_dir = folder / "kosong"
    unique: list[Path] = []
    for q in range(1, 5):
        for src in write_template(ctx, year, q, blank_dir, split="jabatan"):
            if len(unique) >= n:
                break
            jid = src.stem.split("-", 3)[3]
            dst = folder / "masuk" / f"TW{q}" / src.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            fill_workbook(src, dst, filled_values(ctx, q, [jid], seed=len(unique)))
            unique.append(dst)
    shutil.rmtree(blank_dir)
    return _resent(unique, n, folder / "masuk" / "kirim-ulang")


def make_whole(ctx: Context, n: int, folder: Path, tahun: int | None = None) -> list[Path]:
    """N filled whole (every jabatan) workbooks: one per quarter, the rest re-sent copies."""
    from pipeline.template import write_template
    from pipeline.template.fill import fill_workbook

    year = tahun or ctx.targets.tahun
    ids = [j.id for j in ctx.catalog.jabatan]
    unique = []
    for q in range(1, 5):
        src = write_template(ctx, year, q, folder / "kosong-utuh")[0]
        dst = folder / "utuh" / f"TW{q}" / src.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        fill_workbook(src, dst, filled_values(ctx, q, ids, seed=q))
        unique.append(dst)
    shutil.rmtree(folder / "kosong-utuh")
    return _resent(unique, n, folder / "utuh" / "kirim-ulang")


def _resent(unique: list[Path], n: int, folder: Path) -> list[Path]:
    """The first n of `unique`, then byte-identical copies of them in turn, n files in all."""
    out = list(unique[:n])
    for i in range(len(out), n):
        src = unique[i % len(unique)]
        dst = folder / f"{src.stem}-kirim-{i}.xlsx"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def province(split: list[Path], folder: Path, offices: int = 35) -> Path:
    """A province's folder: every office's 84 split workbooks (hard links, no copying)."""
    root = folder / "provinsi"
    for k in range(offices):
        office = root / f"kab-{k + 1:02d}"
        office.mkdir(parents=True)
        for i, src in enumerate(split[:84]):
            dst = office / f"{i:02d}-{src.name}"
            try:
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)
    return root


def make_returns(ctx: Context, n: int, folder: Path, tahun: int | None = None) -> list[Path]:
    """N whole workbooks as returned: one jabatan's values each, the rest re-saves."""
    from pipeline.template import write_template
    from pipeline.template.fill import fill_workbook

    year = tahun or ctx.targets.tahun
    unique: list[tuple[Path, set[str]]] = []  # a return and the sheet parts its sender filled
    for q in range(1, 5):
        src = write_template(ctx, year, q, folder / "kosong-kirim")[0]
        blank = folder / "kosong-kirim" / f"tersimpan-{src.name}"
        fill_workbook(src, blank, {})  # the blank workbook as the filler saves it
        parts = _parts(blank)
        wb = parse_workbook(parts["xl/workbook.xml"], parts.get("xl/_rels/workbook.xml.rels"))
        for jab in ctx.catalog.jabatan:
            if len(unique) >= n:
                break
            values = filled_values(ctx, q, [jab.id], seed=len(unique))
            changed = _with_values(wb, parts, values, src.name)
            dst = folder / "kiriman" / f"TW{q}" / f"{src.stem}-{jab.id}.xlsx"
            _write(blank, dst, changed)
            unique.append((dst, set(changed)))
    shutil.rmtree(folder / "kosong-kirim")
    out = [path for path, _ in unique]
    for i in range(len(unique), n):
        src, sheets = unique[i % len(unique)]
        dst = folder / "kiriman" / "simpan-ulang" / f"{src.stem}-simpan-{i}.xlsx"
        _write(src, dst, _reselect(_parts(src), i, only=sheets))
        out.append(dst)
    return out


def reselected(paths: list[Path], folder: Path) -> list[Path]:
    """The same files, each with the selected cell moved on every sheet (values unchanged)."""
    out = []
    for i, src in enumerate(paths):
        dst = folder / f"{i:03d}-{src.name}"
        _write(src, dst, _reselect(_parts(src), i))
        out.append(dst)
    return out


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def _write(src: Path, dst: Path, changed: dict[str, bytes]) -> None:
    """`src` with some parts replaced, written to `dst` (entries in the same order)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, changed.get(info.filename) or zin.read(info))


def _reselect(parts: dict[str, bytes], mark: int, only: set[str] | None = None) -> dict[str, bytes]:
    """The sheet parts (or those in `only`) with their selected cell set to one told by `mark`."""
    cell = f"{col_letters(1 + mark % 26)}{20 + mark // 26}".encode()
    out = {}
    for name, xml in parts.items():
        if name.startswith("xl/worksheets/sheet") and (only is None or name in only):
            moved, count = _SELECTION.subn(rb"\g<1>" + cell + rb"\g<2>" + cell + b'"', xml)
            if count:
                out[name] = moved
    if not out:
        raise ValueError("no sheet with a selected cell to move")
    return out


def _with_values(
    wb: WorkbookXml, parts: dict[str, bytes], values: dict[str, float], file: str
) -> dict[str, bytes]:
    """The sheet parts holding `values`' named cells, with the values written in."""
    by_part: dict[str, dict[bytes, float]] = {}
    for name, value in values.items():
        target = wb.target(name)
        sheet = wb.sheet(target.sheet) if target and target.sheet else None
        if sheet is None:
            raise ValueError(f"{file}: no cell for {name}")
        a1 = f"{col_letters(target.col)}{target.row}".encode()
        by_part.setdefault(sheet.path, {})[a1] = value
    return {
        part: _set_values(parts[part], cells, f"{file}:{part}") for part, cells in by_part.items()
    }


def _set_values(xml: bytes, cells: dict[bytes, float], where: str) -> bytes:
    done = set()

    def put(m: re.Match) -> bytes:
        value = cells.get(m.group(1))
        if value is None:
            return m.group(0)
        done.add(m.group(1))
        text = str(int(value)) if float(value).is_integer() else repr(float(value))
        return b'<c r="%s"%s><v>%s</v></c>' % (m.group(1), m.group(2), text.encode())

    xml = _CELL.sub(put, xml)
    if len(done) != len(cells):  # the filler wrote these cells: a template change shows here
        raise ValueError(f"{where}: cells not found: {sorted(set(cells) - done)[:3]}")
    return xml
