"""A returned workbook's identity (custom document properties) checked against the run."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.catalog.model import Catalog
from pipeline.contract import IDENTITY_PROPS, TEMPLATE_VERSION
from pipeline.findings import Finding, error, info
from pipeline.fmt import triwulan as nama_triwulan
from pipeline.reader.workbook import whole_number

PROPS = IDENTITY_PROPS
NEW_TEMPLATE = (
    "Minta template baru (`python -m pipeline template`), salin angkanya ke sana, lalu kirim ulang."
)


@dataclass(frozen=True)
class Identity:
    tahun: int | None
    triwulan: int | None
    jabatan: tuple[str, ...]  # known catalog ids held by the file, in file order


def check_identity(
    props: dict[str, str],
    *,
    file: str,
    catalog: Catalog,
    tahun: int,
    triwulan_max: int | None,
) -> tuple[Identity, list[Finding]]:
    """Identity and the findings that stop the file's values from being used (all errors)."""
    out: list[Finding] = []
    if not any(p in props for p in PROPS):
        out.append(
            error(
                "identity-missing",
                "Berkas tidak membawa identitas template IKI (properti iki_tahun, "
                "iki_triwulan, ... tidak ada): kemungkinan angka disalin ke workbook baru. "
                f"Nilai hanya terbaca dari template resmi. {NEW_TEMPLATE}",
                file=file,
            )
        )
        return Identity(None, None, ()), out

    def bad(prop: str, expected: str) -> None:
        found = props.get(prop)
        shown = "tidak ada" if found is None else f'"{found}"'
        out.append(
            error(
                "identity-invalid",
                f"Properti dokumen {prop} seharusnya {expected}, ditemukan {shown}. Properti "
                f"ini diisi oleh template dan tidak boleh diubah. {NEW_TEMPLATE}",
                file=file,
            )
        )

    year = whole_number(props.get("iki_tahun", ""))
    if year is None:
        bad("iki_tahun", "tahun pelaporan, mis. 2026")
    elif year != tahun:
        out.append(
            error(
                "wrong-year",
                f"Workbook ini untuk tahun {year}, sedangkan yang diperiksa tahun {tahun}. "
                f"Keluarkan berkas ini dari folder masukan, atau periksa dengan --year {year}.",
                file=file,
            )
        )
    quarter = whole_number(props.get("iki_triwulan", ""))
    if quarter is None or not 1 <= quarter <= 4:
        bad("iki_triwulan", "1, 2, 3 atau 4")
        quarter = None
    elif triwulan_max is not None and quarter > triwulan_max:
        # The input folder gathers the whole year: a report for an earlier quarter
        # simply leaves later workbooks out.
        out.append(
            info(
                "quarter-after-report",
                f"Workbook ini untuk {nama_triwulan(quarter)}, sesudah triwulan laporan "
                f"({nama_triwulan(triwulan_max)}); berkas ini dilewati. Untuk memakainya, buat "
                f"laporan --quarter {quarter}.",
                file=file,
            )
        )
    version = props.get("iki_versi_template", "")
    if _norm(version) != _norm(TEMPLATE_VERSION):
        out.append(
            error(
                "template-version-mismatch",
                f"Workbook dibuat dengan template versi {version or '(tidak ada)'}, sedangkan "
                f"program ini membaca versi {TEMPLATE_VERSION}. {NEW_TEMPLATE}",
                file=file,
            )
        )
    fingerprint = props.get("iki_sidik_katalog", "")
    if fingerprint != catalog.fingerprint:
        out.append(
            error(
                "catalog-mismatch",
                f"Sidik katalog workbook {fingerprint or '(tidak ada)'} berbeda dengan katalog "
                f"yang dipakai sekarang ({catalog.fingerprint}): daftar indikator sudah berubah "
                f"sejak template ini dibuat. {NEW_TEMPLATE}",
                file=file,
            )
        )
    raw = props.get("iki_jabatan", "").strip()
    # "*" marks the whole workbook: every jabatan of the catalog.
    ids = (
        [j.id for j in catalog.jabatan]
        if raw == "*"
        else [s.strip() for s in raw.split(",") if s.strip()]
    )
    if not ids:
        bad("iki_jabatan", "daftar id jabatan, mis. kepala_dinas,sekretaris")
    known = []
    for jid in ids:
        if jid in catalog.jabatan_by_id:
            if jid not in known:
                known.append(jid)
        else:
            out.append(
                error(
                    "jabatan-unknown",
                    f"Properti iki_jabatan menyebut jabatan '{jid}' yang tidak ada di katalog; "
                    f"jabatan itu dilewati. {NEW_TEMPLATE}",
                    file=file,
                    jabatan=jid,
                )
            )
    return Identity(year, quarter, tuple(known)), out


def blocking(findings: list[Finding]) -> bool:
    """Identity problems that make the file's cells untrustworthy (unknown jabatan does not)."""
    return any(f.code != "jabatan-unknown" for f in findings)


def _norm(text: str) -> str:
    number = whole_number(text) if text else None
    return str(number) if number is not None else text.strip()
