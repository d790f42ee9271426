"""The documents' fetcher serves data: URLs and bundled assets only; the logo is checked."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.documents import fetcher as fetcher_module
from pipeline.documents.assets import ASSETS, FONTS, logo_data_uri, sniff_image
from pipeline.documents.fetcher import RefusedURL, SafeFetcher
from pipeline.documents.worker import Task, render

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


def test_data_urls_are_served_without_touching_disk_or_network():
    f = SafeFetcher()
    assert f.fetch("data:text/plain,halo%20dunia").read() == b"halo dunia"
    body = base64.b64encode(SVG).decode()
    response = f.fetch(f"data:image/svg+xml;base64,{body}")
    assert response.read() == SVG
    assert response.content_type == "image/svg+xml"
    assert f.refused == []


def test_bundled_font_is_served():
    font = FONTS / "LiberationSans-Regular.ttf"
    response = SafeFetcher().fetch(font.as_uri())
    assert response.content_type == "font/ttf"
    assert response.read() == font.read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "FILE:///etc/passwd",
        (ASSETS / "fonts" / ".." / ".." / ".." / "config.py").as_uri(),
        ASSETS.as_uri() + "/fonts/%2e%2e/%2e%2e/config.py",
        ASSETS.as_uri() + "/tidak-ada.ttf",
        ASSETS.as_uri(),  # a folder, not a file
        "http://127.0.0.1:9/gaya.css",
        "https://example.com/logo.png",
        "ftp://example.com/x",
        "chart:0123456789abcdef0123",
        "javascript:alert(1)",
    ],
)
def test_everything_else_is_refused(url):
    f = SafeFetcher()
    with pytest.raises(RefusedURL):
        f.fetch(url)
    assert f.refused == [url]


def test_symlink_out_of_the_assets_folder_is_refused(tmp_path, monkeypatch):
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "ok.txt").write_text("boleh", encoding="utf-8")
    secret = tmp_path / "rahasia.txt"
    secret.write_text("rahasia", encoding="utf-8")
    (assets / "tautan.txt").symlink_to(secret)
    monkeypatch.setattr(fetcher_module, "ASSETS", assets.resolve())
    f = SafeFetcher()
    assert f.fetch((assets / "ok.txt").as_uri()).read() == b"boleh"
    with pytest.raises(RefusedURL):
        f.fetch((assets / "tautan.txt").as_uri())


def test_hostile_markup_fetches_and_attaches_nothing(tmp_path):
    """Even raw markup (what autoescape prevents) cannot read files or attach them."""
    html = """<!DOCTYPE html><html><head>
    <link rel="stylesheet" href="http://127.0.0.1:9/gaya.css">
    <link rel="attachment" href="file:///etc/passwd">
    </head><body><p>Uji</p>
    <img src="file:///etc/passwd"><img src="https://example.com/x.png">
    <a rel="attachment" href="file:///etc/hostname">lampiran</a>
    </body></html>"""
    out = tmp_path / "uji.pdf"
    done = render(Task("uji.pdf", html, str(out)))
    assert {
        "file:///etc/passwd",
        "http://127.0.0.1:9/gaya.css",
        "https://example.com/x.png",
    } <= set(done.refused)
    reader = PdfReader(out)
    assert reader.attachments == {}
    raw = out.read_bytes()
    assert b"/EmbeddedFile" not in raw
    assert b"root:" not in raw


def test_logo_is_embedded_only_when_it_is_an_image(tmp_path):
    png = tmp_path / "logo.png"
    png.write_bytes(PNG)
    assert logo_data_uri(png) == "data:image/png;base64," + base64.b64encode(PNG).decode()
    svg = tmp_path / "logo.svg"
    svg.write_bytes(SVG)
    assert (logo_data_uri(svg) or "").startswith("data:image/svg+xml;base64,")
    fake = tmp_path / "passwd.png"
    fake.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    assert logo_data_uri(fake) is None
    big = tmp_path / "besar.png"
    big.write_bytes(PNG + b"\x00" * (3 * 1024 * 1024))
    assert logo_data_uri(big) is None
    assert logo_data_uri(tmp_path / "tidak-ada.png") is None
    assert logo_data_uri(None) is None


def test_sniff_image_by_content():
    assert sniff_image(b"\xff\xd8\xff\xe0" + b"\x00" * 8) == "image/jpeg"
    assert sniff_image(b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'/>") == (
        "image/svg+xml"
    )
    assert sniff_image(b"<html><body>bukan gambar</body></html>") is None
    assert sniff_image(b"GIF89a") is None


def test_fetcher_module_serves_from_the_package_assets():
    assert Path(fetcher_module.ASSETS) == ASSETS
    assert (ASSETS / "fonts" / "LICENSE").is_file()


def test_svg_logo_cannot_reach_out(tmp_path):
    """An SVG logo is embedded as data:, and what it references still meets the fetcher."""
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="file:///etc/passwd" width="10" height="10"/>'
        '<rect width="10" height="10" fill="#1b5e20"/></svg>',
        encoding="utf-8",
    )
    uri = logo_data_uri(logo)
    assert uri and uri.startswith("data:image/svg+xml;base64,")
    out = tmp_path / "logo.pdf"
    done = render(Task("logo.pdf", f'<p>Kop</p><img src="{uri}" alt="Logo">', str(out)))
    assert done.refused == ("file:///etc/passwd",)
    assert b"root:" not in out.read_bytes()
