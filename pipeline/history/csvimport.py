"""Import a `hasil.csv` written by this tool as an earlier year's official figures.

The year comes from the file's `tahun` column; files written before that column existed
take it from `--year`, else from the folder the tool wrote them into (`2025-TW4/`).
Every bad value is a finding naming the file, the row and the cell as a spreadsheet shows
the CSV (column letter + row number, the header being row 1). A file with errors imports
nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.archive.db import Archive
from pipeline.archive.store import Run, record_run
from pipeline.catalog.model import Catalog
from pipeline.contract import column_letters
from pipeline.engine.accumulate import STATUSES
from pipeline.findings import Finding, error, has_errors, info, warning

# hasil.csv columns an import needs (`tahun` is optional: older files lack it).
REQUIRED = ("jabatan_id", "indikator_id", "triwulan", "target", "realisasi", "status")
NUMBERS = ("target", "realisasi", "realisasi_triwulan", "capaian")
FOLDER_RE = re.compile(r"^(\d{4})-TW([1-4])$")
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class ImportOutcome:
    file: str
    findings: list[Finding] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)  # one per imported year
    tahun: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)

    @property
    def already(self) -> bool:
        """Everything in the file was archived before (same content): nothing written."""
        return bool(self.runs) and not any(r.baru for r in self.runs)


def shown_path(path: Path) -> str:
    """How an imported file is recorded and listed: relative to the working folder when it
    is inside it, else absolute, so that three `hasil.csv` of three years stay apart."""
    full = Path(path).resolve()
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(full)


def year_from_context(path: Path) -> int | None:
    """2025 for .../2025-TW4/hasil.csv (the folder `report` writes into)."""
    m = FOLDER_RE.match(path.resolve().parent.name)
    return int(m.group(1)) if m else None


def import_hasil_csv(
    archive: Archive, path: Path, catalog: Catalog, *, tahun: int | None = None
) -> ImportOutcome:
    name = path.name
    out = ImportOutcome(name)
    data = path.read_bytes()[: MAX_BYTES + 1]
    if len(data) > MAX_BYTES:
        out.findings.append(error("history-file-invalid", "Berkas terlalu besar.", file=name))
        return out
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        out.findings.append(
            error(
                "history-file-invalid",
                "Berkas bukan teks UTF-8. Impor hasil.csv asli yang ditulis alat ini, bukan "
                "salinan yang disimpan ulang dari Excel.",
                file=name,
            )
        )
        return out
    excel_id = _saved_by_indonesian_excel(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel_id else ","))
    if not rows:
        out.findings.append(error("history-file-invalid", "Berkas kosong.", file=name))
        return out
    if excel_id:
        out.findings.append(
            info(
                "history-csv-excel",
                "Berkas ini disimpan ulang oleh Excel berpengaturan Indonesia (pemisah kolom "
                "titik koma, desimal koma): dibaca dengan aturan itu. Lain kali impor hasil.csv "
                "asli dari folder laporan, tanpa dibuka dan disimpan di Excel.",
                file=name,
            )
        )
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        out.findings.append(
            error(
                "history-column-missing",
                f"Kolom {', '.join(missing)} tidak ada di baris judul: ini bukan hasil.csv "
                "yang ditulis alat ini (atau kolomnya diganti nama).",
                file=name,
                cell="A1",
            )
        )
        return out
    col = {h: k for k, h in enumerate(header)}
    year, year_findings = _year(rows[1:], col, name, tahun, path)
    out.findings.extend(year_findings)
    records = []
    seen: dict[tuple[str, int], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if "wilayah" in col and len(row) > col["wilayah"] and row[col["wilayah"]] not in ("", "*"):
            continue  # earlier years are kept for the regency only
        rec, problems = _record(row, line, col, name, catalog, decimal_comma=excel_id)
        out.findings.extend(problems)
        if rec is None:
            continue
        key = (rec["indikator_id"], rec["triwulan"])
        if key in seen:
            out.findings.append(
                error(
                    "history-duplicate-row",
                    f"Indikator '{key[0]}' triwulan {key[1]} sudah ada di baris {seen[key]}; "
                    "satu indikator hanya boleh satu baris per triwulan.",
                    file=name,
                    cell=f"{_letter(col, 'indikator_id')}{line}",
                    indikator=key[0],
                )
            )
            continue
        seen[key] = line
        records.append(rec)
    if not records and not has_errors(out.findings):
        out.findings.append(error("history-file-invalid", "Tidak ada baris data.", file=name))
    if has_errors(out.findings) or year is None:
        return out
    sha = hashlib.sha256(data).hexdigest()
    frame = pd.DataFrame(records)
    run = record_run(
        archive,
        frame,
        tahun=year,
        triwulan=int(frame["triwulan"].max()),
        draf=False,
        sumber="impor_csv",
        sidik_masukan=sha,
        sidik_katalog=catalog.fingerprint,
        berkas=shown_path(path),
        sha256=sha,
    )
    out.runs.append(run)
    out.tahun = (year,)
    if not run.baru:
        out.findings.append(
            info(
                "history-already-imported",
                f"Isi berkas ini sudah pernah diimpor untuk tahun {year}; arsip tidak diubah.",
                file=name,
            )
        )
    return out


def _letter(col: dict[str, int], name: str) -> str:
    return column_letters(col[name])


def _year(
    rows: list[list[str]], col: dict[str, int], name: str, option: int | None, path: Path
) -> tuple[int | None, list[Finding]]:
    findings: list[Finding] = []
    if "tahun" in col:
        k = col["tahun"]
        seen: dict[str, int] = {}
        for line, row in enumerate(rows, start=2):
            value = row[k].strip() if k < len(row) else ""
            if value and value not in seen:
                seen[value] = line
        if len(seen) != 1 or not next(iter(seen)).isdigit():
            where = ", ".join(f"'{v}' (baris {n})" for v, n in seen.items()) or "kosong"
            findings.append(
                error(
                    "history-year-invalid",
                    f"Kolom tahun harus berisi satu tahun yang sama di setiap baris; "
                    f"ditemukan: {where}.",
                    file=name,
                    cell=f"{column_letters(k)}2",
                )
            )
            return None, findings
        year = int(next(iter(seen)))
        if option is not None and option != year:
            findings.append(
                error(
                    "history-year-invalid",
                    f"Berkas ini untuk tahun {year}, bukan {option} seperti --year. Hapus "
                    "--year atau periksa berkasnya.",
                    file=name,
                    cell=f"{column_letters(k)}2",
                )
            )
            return None, findings
        return year, findings
    year = option or year_from_context(path)
    if year is None:
        findings.append(
            error(
                "history-year-invalid",
                "Berkas ini tidak punya kolom tahun (ditulis sebelum kolom itu ada) dan "
                "foldernya tidak bernama TAHUN-TWn. Sebutkan tahunnya: "
                "python -m pipeline history import BERKAS --year 2025.",
                file=name,
            )
        )
    return year, findings


def _saved_by_indonesian_excel(text: str) -> bool:
    """hasil.csv re-saved by Excel with Indonesian regional settings: `;` between columns
    (a comma is the decimal sign there). Told by the header, whose names hold neither."""
    header = text.split("\n", 1)[0]
    return ";" in header and "," not in header and "indikator_id" in header


# A number as Indonesian Excel writes it: decimal comma, maybe dots between thousands.
_ID_NUMBER = re.compile(r"^[-+]?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$")


def _number(raw: str, decimal_comma: bool) -> float:
    if not decimal_comma:
        return float(raw)
    if not _ID_NUMBER.match(raw):
        raise ValueError(raw)
    return float(raw.replace(".", "").replace(",", "."))


def _record(
    row: list[str],
    line: int,
    col: dict[str, int],
    name: str,
    catalog: Catalog,
    *,
    decimal_comma: bool = False,
) -> tuple[dict | None, list[Finding]]:
    findings: list[Finding] = []

    def cell(c: str) -> str:
        k = col.get(c)
        return row[k].strip() if k is not None and k < len(row) else ""

    def bad(c: str, message: str, iid: str | None = None) -> None:
        findings.append(
            error(
                "history-value-invalid",
                f"Baris {line}, kolom {c}: {message}",
                file=name,
                cell=f"{_letter(col, c)}{line}",
                indikator=iid,
            )
        )

    iid = cell("indikator_id")
    if not iid:
        bad("indikator_id", "id indikator kosong.")
        return None, findings
    q = cell("triwulan")
    if q not in ("1", "2", "3", "4"):
        bad("triwulan", f"'{q}' bukan triwulan 1-4.", iid)
    rec: dict = {"indikator_id": iid, "triwulan": int(q) if q in ("1", "2", "3", "4") else 0}
    for c in NUMBERS:
        raw = cell(c)
        rec[c] = math.nan
        if not raw:
            continue
        try:
            value = _number(raw, decimal_comma)
        except ValueError:
            rule = "desimal koma, mis. 92,31" if decimal_comma else "titik desimal, mis. 92.31"
            bad(c, f"'{raw}' bukan angka (berkas ini memakai {rule}).", iid)
            continue
        if not math.isfinite(value):
            bad(c, f"'{raw}' bukan angka terhingga.", iid)
            continue
        rec[c] = value
    status = cell("status")
    if status not in STATUSES:
        bad("status", f"'{status}' bukan status yang dikenal ({', '.join(STATUSES)}).", iid)
    rec["status"] = status
    ind = catalog.indikator_by_id.get(iid)
    if ind is None:
        findings.append(
            warning(
                "history-indicator-unknown",
                f"Baris {line}: indikator '{iid}' tidak ada di katalog sekarang (id-nya berubah "
                "atau indikatornya dihapus). Angkanya tetap diimpor ke arsip tetapi tidak "
                "dibandingkan di laporan.",
                file=name,
                cell=f"{_letter(col, 'indikator_id')}{line}",
                indikator=iid,
            )
        )
    rec["jabatan_id"] = cell("jabatan_id")
    rec["jabatan"] = cell("jabatan") or rec["jabatan_id"]
    rec["indikator"] = cell("indikator") or (ind.nama if ind else iid)
    rec["satuan"] = cell("satuan") or (ind.satuan if ind else "")
    rec["predikat"] = cell("predikat") or None
    rec["catatan"] = cell("catatan")
    return (None if has_errors(findings) else rec), findings
