"""Typed access to parsed TOML that names the key path when a value is wrong."""

from __future__ import annotations

import ast
import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, UsageError

_MISSING = object()


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error becomes an Indonesian message with line and column.

    A UTF-8 byte order mark (Notepad writes one) is accepted; UTF-16 and other encodings are
    told as such instead of as a syntax error at line 1.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"Berkas {path} tidak ditemukan.") from None
    except IsADirectoryError:
        raise UsageError(f"{path} adalah folder, bukan berkas TOML.") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UsageError(
            f'{path}: tersimpan sebagai UTF-16 ("Unicode" di Notepad). Simpan ulang dengan '
            "pengodean UTF-8."
        )
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"{path}: bukan teks UTF-8 (baris {line}). Simpan ulang dengan pengodean UTF-8 "
            "(di Notepad: Simpan Sebagai, Pengodean UTF-8)."
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(toml_error_message(path, text, str(exc))) from None


# tomllib's messages (Python 3.11-3.13), most specific first; {0} is the regex group.
_TOML_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"Invalid value", "nilai tidak sah: teks harus diapit tanda kutip (\"...\"), angka memakai "
     "titik desimal tanpa pemisah ribuan (1234.5), tanggal ditulis 2027-01-07, "
     "benar/salah ditulis true/false"),
    (r"Invalid statement", "baris ini bukan pernyataan TOML: tulis `kunci = nilai`, `[tabel]` "
     "atau komentar yang diawali #"),
    (r"Expected newline or end of document after a statement", "masih ada teks sesudah nilai: "
     "satu `kunci = nilai` per baris (komentar diawali #; teks berisi spasi diapit tanda kutip)"),
    (r"Cannot overwrite a value", "kunci ini sudah diberi nilai sebelumnya (kunci ganda): "
     "hapus salah satunya"),
    (r"Cannot declare (.+) twice", "tabel [{0}] ditulis dua kali: gabungkan isinya menjadi satu"),
    (r"Cannot (?:mutate immutable|redefine) namespace (.+)", "tabel {0} sudah ditulis lengkap "
     "di tempat lain (mis. sebagai nilai {{ ... }}): tidak dapat ditambah di sini"),
    (r"Expected '=' after a key in a key/value pair", "tanda = tidak ada sesudah nama kunci"),
    (r"Expected '\]' at the end of a table declaration", "tanda ] penutup nama tabel tidak ada"),
    (r"Expected '\]\]' at the end of an array declaration", "tanda ]] penutup tidak ada"),
    (r"Invalid initial character for a key part", "nama kunci tidak sah: pakai huruf, angka, _ "
     "atau -, atau apit dengan tanda kutip"),
    (r"Unclosed array", "daftar [ ... ] tidak ditutup dengan ] (atau ada koma yang hilang)"),
    (r"Unclosed inline table", "tabel {{ ... }} tidak ditutup dengan }} (harus dalam satu baris)"),
    (r"Duplicate inline table key (.+)", "kunci {0} ditulis dua kali di dalam {{ ... }}"),
    (r"Unescaped '\\' in a string", "garis miring terbalik \\ di dalam teks: tulis \\\\ atau "
     "apit teks dengan tanda kutip tunggal ('C:\\folder')"),
    (r"Invalid hex value|Escaped character is not a Unicode scalar value",
     "kode \\u... di dalam teks tidak sah"),
    (r"Unterminated string", "teks tidak ditutup dengan tanda kutip"),
    (r"Illegal character '\\n'", "teks tidak ditutup dengan tanda kutip sebelum akhir baris"),
    (r"Illegal character (.+)", "karakter {0} tidak boleh ada di dalam teks"),
    (r"Invalid date or datetime", "tanggal atau waktu tidak sah (tulis 2027-01-07)"),
    (r"Found invalid character (.+)", "karakter {0} tidak sah di sini"),
    (r"Expected (.+)", "seharusnya ada {0} di sini"),
)  # fmt: skip
_WHERE = re.compile(
    r"^(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$"
)


def _key_text(shown: str) -> str:
    """tomllib shows a key as a tuple repr `('pejabat', 'bupati')`: write it `pejabat.bupati`."""
    try:
        key = ast.literal_eval(shown)
    except (ValueError, SyntaxError):
        return shown
    if isinstance(key, tuple) and all(isinstance(k, str) for k in key):
        return ".".join(key)
    return key if isinstance(key, str) else shown


def toml_error_message(path: Path, text: str, original: str) -> str:
    """`<file>: bukan TOML yang sah pada baris L, kolom K: <why> (tomllib: <original>)`."""
    m = _WHERE.match(original)
    msg = m.group("msg") if m else original
    lines = text.splitlines()
    line = len(lines)
    where = f"di akhir berkas (baris {line})"
    shown = ""
    if m and m.group("line"):
        line = int(m.group("line"))
        where = f"pada baris {line}, kolom {m.group('col')}"
    if m and 1 <= line <= len(lines) and lines[line - 1].strip():
        shown = f" Isi baris itu: `{lines[line - 1].strip()[:80]}`."
    why = None
    for pattern, indonesian in _TOML_MESSAGES:
        found = re.fullmatch(pattern, msg)
        if found:
            why = indonesian.format(*(_key_text(g) for g in found.groups()))
            break
    if why is None:
        return f"{path}: bukan TOML yang sah {where} ({original})."
    return f"{path}: bukan TOML yang sah {where}: {why}.{shown} (tomllib: {msg})"


class Section:
    """A table of a TOML document with its key path, for precise error messages."""

    def __init__(self, data: dict[str, Any], file: str, path: str = "") -> None:
        self.data = data
        self.file = file
        self.path = path

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, expected: str, found: object = None) -> ConfigError:
        return ConfigError(self.file, self.key(name), expected, found)

    def _get(self, name: str, default: object) -> object:
        if name in self.data:
            return self.data[name]
        if default is _MISSING:
            raise self.fail(name, "wajib diisi")
        return default

    def str(self, name: str, default: object = _MISSING, *, nonempty: bool = True) -> str:
        value = self._get(name, default)
        if not isinstance(value, str):
            raise self.fail(name, "harus berupa teks", value)
        if nonempty and not value.strip() and default is _MISSING:
            raise self.fail(name, "tidak boleh kosong")
        return value.strip()

    def int(
        self, name: str, default: object = _MISSING, *, lo: int | None = None, hi: int | None = None
    ) -> int:
        value = self._get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, "harus bilangan bulat", value)
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise self.fail(name, f"harus antara {lo} dan {hi}", value)
        return value

    def number(self, name: str, default: object = _MISSING) -> float | None:
        value = self._get(name, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(name, "harus berupa angka", value)
        return float(value)

    def bool(self, name: str, default: object = _MISSING) -> bool:
        value = self._get(name, default)
        if not isinstance(value, bool):
            raise self.fail(name, "harus true atau false", value)
        return value

    def date(self, name: str, default: object = _MISSING) -> dt.date | None:
        value = self._get(name, default)
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.fail(name, "harus tanggal TOML, contoh 2027-01-07", value)
        return value

    def choice(self, name: str, options: tuple[str, ...], default: object = _MISSING) -> str:
        value = self._get(name, default)
        if value not in options:
            raise self.fail(name, "harus salah satu dari " + ", ".join(map(repr, options)), value)
        return value  # type: ignore[return-value]

    def section(self, name: str, *, required: bool = True) -> Section:
        value = self.data.get(name, _MISSING)
        if value is _MISSING:
            if required:
                raise self.fail(name, "wajib ada (tabel [" + self.key(name) + "])")
            value = {}
        if not isinstance(value, dict):
            raise self.fail(name, "harus berupa tabel", value)
        return Section(value, self.file, self.key(name))

    def list(self, name: str, default: object = _MISSING) -> list:
        value = self._get(name, default)
        if not isinstance(value, list):
            raise self.fail(name, "harus berupa daftar [ ... ]", value)
        return value

    def unknown_keys(self, allowed: set[str]) -> None:
        for name in self.data:
            if name not in allowed:
                expected = "tidak dikenal; kunci yang dikenal: " + ", ".join(sorted(allowed))
                raise self.fail(name, expected)
