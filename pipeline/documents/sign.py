"""Electronic signature (TTE) of the official PDFs with pyHanko: PAdES baseline B-B.

Optional: only when config.toml has a `[tte]` table naming a PKCS#12 certificate (.p12/.pfx)
and the environment variable that holds its password (never the file). Every official PDF
gets one signature: a jabatan's own IKI document (iki/<jabatan>.pdf) by its holder when
`[tte.pemegang.<jabatan>]` names a certificate, every other document by the Kepala Dinas.
A draft is never signed.

`load_signing` opens every certificate and checks password and validity period *before*
anything is read or rendered, so a wrong password or an expired certificate stops the
report with exit code 2 and leaves no output. Signing appends an incremental update, so
the PDF/A file written before stays byte for byte intact under the signature.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import fmt
from pipeline.config import Config, Sertifikat
from pipeline.errors import ConfigError

if TYPE_CHECKING:
    from pipeline.report.model import ReportModel

FIELD_NAME = "TTE"
HEAD_OF_OFFICE = "kepala_dinas"


@dataclass(frozen=True)
class Signer:
    key: str  # TOML key path of its certificate
    subject: str  # the certificate's common name
    signer: Any  # pyhanko.sign.signers.SimpleSigner


@dataclass(frozen=True)
class Signing:
    kepala_dinas: Signer
    pemegang: dict[str, Signer]

    def for_document(self, relative: Path) -> tuple[str, Signer]:
        """(jabatan id of the signatory, signer) for a PDF path relative to the folder."""
        if relative.parent.name == "iki" and relative.stem in self.pemegang:
            return relative.stem, self.pemegang[relative.stem]
        return HEAD_OF_OFFICE, self.kepala_dinas


def load_signing(
    config: Config,
    *,
    draft: bool,
    jabatan_ids: set[str] | None = None,
    now: dt.datetime | None = None,
) -> Signing | None:
    """The signers configured, opened and checked; None when not signing (no [tte], draft)."""
    tte = config.tte
    if tte is None or draft:
        return None
    file = config.path.name
    if jabatan_ids is not None:
        for jabatan_id in tte.pemegang:
            if jabatan_id not in jabatan_ids:
                raise ConfigError(
                    file, f"tte.pemegang.{jabatan_id}", "bukan id jabatan di katalog", jabatan_id
                )
    now = now or dt.datetime.now(dt.UTC)
    return Signing(
        kepala_dinas=open_certificate(tte.kepala_dinas, file, now),
        pemegang={j: open_certificate(c, file, now) for j, c in tte.pemegang.items()},
    )


def open_certificate(cert: Sertifikat, file: str, now: dt.datetime) -> Signer:
    """Decrypt the PKCS#12 file with the password from the environment; check its dates."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner

    sandi = os.environ.get(cert.sandi_env)
    if not sandi:
        raise ConfigError(
            file,
            f"{cert.key}.sandi_env",
            f"menunjuk variabel lingkungan {cert.sandi_env} yang belum diisi: isikan kata sandi "
            "sertifikat ke variabel itu sebelum membuat laporan (kata sandi tidak pernah "
            "ditulis di config.toml)",
        )
    data = cert.berkas.read_bytes()
    password = sandi.encode("utf-8")
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        raise ConfigError(
            file,
            f"{cert.key}.sertifikat",
            f"tidak dapat dibuka: kata sandi di variabel lingkungan {cert.sandi_env} salah, "
            "atau berkas ini bukan sertifikat PKCS#12 (.p12/.pfx)",
            cert.berkas.name,
        ) from None
    if key is None or certificate is None:
        raise ConfigError(
            file,
            f"{cert.key}.sertifikat",
            "harus berisi sertifikat beserta kunci privatnya (ekspor ulang sebagai .p12 "
            "dengan kunci privat)",
            cert.berkas.name,
        )
    start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if now > end:
        raise ConfigError(
            file,
            f"{cert.key}.sertifikat",
            f"sudah kedaluwarsa sejak {fmt.tanggal(end.date())}: perpanjang sertifikat "
            "elektronik lalu ganti berkasnya",
            cert.berkas.name,
        )
    if now < start:
        raise ConfigError(
            file,
            f"{cert.key}.sertifikat",
            f"baru berlaku mulai {fmt.tanggal(start.date())}",
            cert.berkas.name,
        )
    signer = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password)
    return Signer(cert.key, _common_name(certificate), signer)


def _common_name(certificate: Any) -> str:
    from cryptography.x509.oid import NameOID

    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def sign_folder(folder: Path, signing: Signing, model: ReportModel) -> list[Path]:
    """Sign every PDF under folder once (none for a draft); return the files signed."""
    if model.draft:
        return []
    signed = []
    for path in sorted(folder.rglob("*.pdf")):
        jabatan_id, signer = signing.for_document(path.relative_to(folder))
        s = model.signatories.get(jabatan_id)
        name = s.pejabat.nama if s and s.pejabat else signer.subject
        sign_pdf(path, signer, name=name, location=model.kantor.tempat)
        signed.append(path)
    return signed


def sign_pdf(path: Path, signer: Signer, *, name: str, location: str) -> None:
    """Append a PAdES B-B signature as an incremental update (the PDF/A part untouched)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason="Pengesahan dokumen kinerja",
        location=location,
        name=name,
    )

    class KeepMetadata(IncrementalPdfFileWriter):
        """pyHanko rewrites XMP and Info on every write with Producers that no longer agree
        ("pyHanko" against "...; pyHanko"), which PDF/A forbids: keep the document's own."""

        def _update_meta(self) -> None:
            return None

    out = io.BytesIO()
    with path.open("rb") as fh:
        writer = KeepMetadata(fh, strict=False)
        signers.sign_pdf(writer, meta, signer=signer.signer, output=out)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(out.getvalue())
    tmp.replace(path)
