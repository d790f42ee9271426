"""The only way WeasyPrint may read anything: data: URLs and files inside pipeline/assets.

Workbook text is escaped by Jinja2, so it cannot become markup; this fetcher is the second
wall. Everything else is refused: file:// URLs outside the assets folder (also via symlinks
or `..`), http(s), ftp and any other scheme, and there are no redirects to follow.
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from pipeline.documents.assets import ASSETS

MAX_ASSET_BYTES = 8 * 1024 * 1024
FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}


class RefusedURL(ValueError):
    """A URL the documents may not read."""


def asset_path(url: str) -> Path:
    """The real path of a file:// URL inside the assets folder; RefusedURL otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"bukan berkas aset: {url}")
    try:
        path = Path(unquote(parts.path)).resolve(strict=True)
    except (OSError, RuntimeError):
        raise RefusedURL(f"berkas aset tidak ada: {url}") from None
    if not path.is_relative_to(ASSETS) or not path.is_file():
        raise RefusedURL(f"di luar folder aset: {url}")
    if path.stat().st_size > MAX_ASSET_BYTES:
        raise RefusedURL(f"berkas aset terlalu besar: {url}")
    return path


class SafeFetcher(URLFetcher):
    """URLFetcher that serves data: URLs and files under pipeline/assets only.

    `refused` lists every URL turned away, so tests (and debugging) can see what a
    document tried to load.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        try:
            if scheme == "data":
                return URLFetcherResponse(url, *_decode_data_url(url))
            if scheme == "file":
                path = asset_path(url)
                mime = FONT_TYPES.get(path.suffix.lower()) or (
                    mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                )
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
            raise RefusedURL(f"skema tidak diizinkan: {url[:80]}")
        except RefusedURL:
            self.refused.append(url)
            raise


def _decode_data_url(url: str) -> tuple[bytes, dict[str, str]]:
    """RFC 2397 data: URL -> (body, headers), without touching the network or disk."""
    try:
        meta, payload = url[5:].split(",", 1)
    except ValueError:
        raise RefusedURL("data: URL tanpa koma") from None
    params = meta.split(";")
    is_b64 = params[-1].lower() == "base64"
    if is_b64:
        params = params[:-1]
    mime = params[0] or "text/plain"
    if is_b64:
        body = base64.b64decode(unquote(payload), validate=False)
    else:
        body = unquote(payload).encode("utf-8")
    content_type = ";".join([mime, *params[1:]])
    return body, {"Content-Type": content_type}
