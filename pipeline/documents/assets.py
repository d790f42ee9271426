"""Bundled assets (fonts) and the office logo, checked and embedded as a data: URI.

Free of WeasyPrint so the main process can use it without paying for that import.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path

ASSETS = (Path(__file__).resolve().parent.parent / "assets").resolve()
ASSETS_URL = ASSETS.as_uri() + "/"
FONTS = ASSETS / "fonts"
LOGO_MAX_BYTES = 2 * 1024 * 1024


def data_uri(body: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(body).decode('ascii')}"


def logo_data_uri(path: Path | None) -> str | None:
    """The office logo as a data: URI when it is a real PNG, JPEG or SVG file; else None.

    The logo may live anywhere (config.toml points at it), so it is read here, checked by
    its content and size, and embedded: the fetcher itself never reads outside assets.
    An SVG's own references (images, fonts) still go through the fetcher and are refused.
    """
    if path is None:
        return None
    try:
        real = Path(path).resolve(strict=True)
        if not real.is_file() or real.stat().st_size > LOGO_MAX_BYTES:
            return None
        body = real.read_bytes()
    except OSError:
        return None
    mime = sniff_image(body)
    return data_uri(body, mime) if mime else None


def sniff_image(body: bytes) -> str | None:
    if body.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if body.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    head = body[:1024].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if (head.startswith(b"<?xml") or head.startswith(b"<svg")) and b"<svg" in body[:4096].lower():
        return "image/svg+xml"
    return None


@cache
def assets_version() -> str:
    """Hash of every bundled asset's name and content: part of the PDF cache key."""
    h = hashlib.sha256()
    for p in sorted(ASSETS.rglob("*")):
        if p.is_file():
            h.update(f"{p.relative_to(ASSETS).as_posix()}\0".encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]
