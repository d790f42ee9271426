"""Electronic signature (TTE): PAdES with a throwaway certificate, verified by pyHanko and
poppler's pdfsig; wrong password, missing variable, expired certificate stop the report
before anything is written; drafts are never signed; a signed file stays PDF/A."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from documents_fixtures import make_model, mini_context
from pypdf import PdfReader
from test_documents_archival import assert_archival

from pipeline.cli import cli
from pipeline.config import load_config
from pipeline.context import load_context
from pipeline.documents.render import render_report
from pipeline.documents.sign import load_signing, sign_folder
from pipeline.errors import ConfigError
from pipeline.publish import run_report

PASSWORD = "rahasia-uji-123"
ENV = "IKI_TTE_SANDI_UJI"
UTC = dt.UTC


def make_certificate(
    path: Path, *, name: str, not_before: dt.datetime, not_after: dt.datetime
) -> x509.Certificate:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        b"tte",
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(PASSWORD.encode()),
    )
    path.write_bytes(blob)
    return cert


def tte_table(cert: Path, extra: str = "") -> str:
    return f'\n[tte]\nsertifikat = "{cert.as_posix()}"\nsandi_env = "{ENV}"\n{extra}'


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    root = tmp_path_factory.mktemp("tte")
    now = dt.datetime.now(UTC)
    valid = make_certificate(
        root / "kadis.p12",
        name="Kepala Dinas Uji",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
    )
    holder = make_certificate(
        root / "sekretaris.p12",
        name="Sekretaris Uji",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
    )
    make_certificate(
        root / "lama.p12",
        name="Kedaluwarsa",
        not_before=now - dt.timedelta(days=400),
        not_after=now - dt.timedelta(days=2),
    )
    return root, valid, holder


def config_with(folder: Path, text: str) -> Path:
    ctx = mini_context(folder)
    path = ctx.config.path
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path


def test_signed_documents_verify_and_stay_pdfa(material, tmp_path, monkeypatch) -> None:
    root, valid, holder = material
    monkeypatch.setenv(ENV, PASSWORD)
    pemegang = f'[tte.pemegang.sekretaris]\nsertifikat = "{(root / "sekretaris.p12").as_posix()}"\n'
    pemegang += f'sandi_env = "{ENV}"\n'
    config = config_with(tmp_path / "cfg", tte_table(root / "kadis.p12", pemegang))
    ctx = load_context(config)
    model = make_model(ctx, triwulan=2)
    out = tmp_path / "out"
    paths = render_report(model, out, workers=1).paths
    before = {p: p.read_bytes() for p in paths}
    signing = load_signing(ctx.config, draft=False, jabatan_ids={j.id for j in ctx.catalog.jabatan})
    assert signing is not None
    signed = sign_folder(out, signing, model)
    assert sorted(signed) == sorted(paths)

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.registry import SimpleTrustManager

    roots = {"Kepala Dinas Uji": valid, "Sekretaris Uji": holder}
    for path in paths:
        data = path.read_bytes()
        # Incremental update: the archival file is kept unchanged in front of the signature.
        assert data.startswith(before[path]), path
        with path.open("rb") as fh:
            sigs = PdfFileReader(fh).embedded_signatures
            assert len(sigs) == 1, path
            sig = sigs[0]
            expected = "Sekretaris Uji" if path.name == "sekretaris.pdf" else "Kepala Dinas Uji"
            assert sig.signer_cert.subject.native["common_name"] == expected
            trust = x509.load_der_x509_certificate(
                roots[expected].public_bytes(serialization.Encoding.DER)
            )
            from asn1crypto import x509 as asn1_x509

            anchor = asn1_x509.Certificate.load(trust.public_bytes(serialization.Encoding.DER))
            vc = ValidationContext(trust_manager=SimpleTrustManager.build(trust_roots=[anchor]))
            status = validate_pdf_signature(sig, vc)
            assert status.intact and status.valid and status.trusted, status.pretty_print_details()
            assert status.coverage.name == "ENTIRE_FILE"
            assert "/ETSI.CAdES.detached" in str(sig.sig_object["/SubFilter"])
        assert_archival(path)

    if shutil.which("pdfsig"):
        for path in paths:
            res = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
            assert "Signature is Valid" in res.stdout, (path, res.stdout, res.stderr)


def test_draft_and_no_config_are_never_signed(material, tmp_path, monkeypatch) -> None:
    root, _, _ = material
    monkeypatch.setenv(ENV, PASSWORD)
    config = load_config(config_with(tmp_path / "a", tte_table(root / "kadis.p12")))
    assert load_signing(config, draft=True) is None
    plain = load_config(mini_context(tmp_path / "b").config.path)
    assert load_signing(plain, draft=False) is None
    signing = load_signing(config, draft=False)
    assert signing is not None
    ctx = load_context(config.path)
    model = make_model(ctx, triwulan=1, draft=True)
    out = tmp_path / "out"
    render_report(model, out, workers=1)
    assert sign_folder(out, signing, model) == []
    assert all(not PdfReader(p).get_fields() for p in out.rglob("*.pdf"))


@pytest.mark.parametrize(
    ("cert", "env", "extra", "key", "words"),
    [
        ("kadis.p12", "salah", "", "tte.sertifikat", "kata sandi"),
        ("kadis.p12", None, "", "tte.sandi_env", "belum diisi"),
        ("lama.p12", PASSWORD, "", "tte.sertifikat", "kedaluwarsa"),
        (
            "kadis.p12",
            PASSWORD,
            '[tte.pemegang.tidak_ada]\nsertifikat = "kadis.p12"\nsandi_env = "X"\n',
            "tte.pemegang.tidak_ada",
            "bukan id jabatan",
        ),
    ],
)
def test_bad_certificate_is_a_usage_error_before_any_output(
    material, tmp_path, monkeypatch, cert, env, extra, key, words
) -> None:
    root, _, _ = material
    if env is None:
        monkeypatch.delenv(ENV, raising=False)
    else:
        monkeypatch.setenv(ENV, env)
    shutil.copy(root / "kadis.p12", tmp_path / "kadis.p12")
    config = config_with(tmp_path / "cfg", tte_table(root / cert, extra))
    shutil.copy(root / "kadis.p12", config.parent / "kadis.p12")
    ctx = load_context(config)
    output = tmp_path / "keluaran"
    (tmp_path / "kosong").mkdir()
    with pytest.raises(ConfigError) as info:
        run_report(ctx, tahun=2026, triwulan=1, input_dir=tmp_path / "kosong", output_root=output)
    assert info.value.key == key
    assert words in str(info.value)
    assert PASSWORD not in str(info.value)
    assert not output.exists()
    result = CliRunner().invoke(
        cli,
        ["--config", str(config), "report", "--year", "2026", "--quarter", "1",
         "--input", str(tmp_path / "kosong"), "--output", str(output)],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert key in result.output
    assert not output.exists()


@pytest.mark.parametrize(
    ("table", "key", "words"),
    [
        ('\n[tte]\nsertifikat = "tidak-ada.p12"\nsandi_env = "X"\n', "tte.sertifikat", "yang ada"),
        ('\n[tte]\nsertifikat = "kadis.p12"\nsandi_env = "IKI-SANDI"\n', "tte.sandi_env", "nama"),
        ('\n[tte]\nsertifikat = "kadis.p12"\nsandi = "rahasia"\nsandi_env = "X"\n', "tte.sandi",
         "tidak dikenal"),
        ('\n[tte]\nsandi_env = "X"\n', "tte.sertifikat", "wajib"),
    ],
)  # fmt: skip
def test_tte_table_errors_name_the_key(material, tmp_path, table, key, words) -> None:
    """A password written into the file is refused as an unknown key, never used."""
    root, _, _ = material
    config = config_with(tmp_path / "cfg", "")
    shutil.copy(root / "kadis.p12", config.parent / "kadis.p12")
    config.write_text(config.read_text(encoding="utf-8") + table, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert info.value.key == key and words in str(info.value)
