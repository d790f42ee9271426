"""Classify one raw input cell into a number, a blank or a refusal (with an Indonesian reason).

A value is taken exactly as entered or refused: text that looks like a number is never
converted, only quoted back with the number it probably means.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from pipeline.catalog.model import Indikator
from pipeline.fmt import angka, angka_auto, tanggal
from pipeline.reader.sheetscan import CellMarkup
from pipeline.reader.styles import NumberFormat

# A count above this is implausible for one office's quarter (a pasted 16-digit NIK, a
# typo with extra zeros) unless the catalog declares the indicator's own nilai_maks.
COUNT_MAX = 10_000_000
# The number format each kind of input cell has on the template (pipeline/template/layout.py).
TEMPLATE_FORMAT = {True: "#,##0", False: "#,##0.00"}

TYPE_NUMBER = "Ketik angkanya saja, tanpa titik ribuan, satuan, atau spasi"
# Excel's format names as the Indonesian Excel shows them, with the English ones (LibreOffice
# and English Excel), so the clerk finds the entry in the Format Cells dialog either way.
NUMBER_FORMAT_LABEL = "Angka/Umum (Number/General)"
FORMAT_LABELS = {"general": "Umum", "@": "Teks", "0%": "Persentase", "0.00%": "Persentase"}
WHITESPACE = "\u00a0\u2007\u202f\t\r\n "
_CONTROL_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NUMBER_TOKEN = re.compile(r"[-+−]?\d+(?:[.,\u00a0\u202f ]\d+)*")
_GROUPED_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_GROUPED_SPACE = re.compile(r"^\d{1,3}(?:[\u00a0\u202f ]\d{3})+$")


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    severity: str = "error"


@dataclass(frozen=True)
class Classified:
    """nilai is the number taken (NaN when blank or refused); notes are findings to make."""

    nilai: float
    blank: bool = False
    notes: tuple[Refusal, ...] = ()
    # The number stored in the cell before the indicator's rules (None: not a number), so a
    # percent format can explain a refusal such as "0,78 is not a whole number".
    raw: float | None = None

    @property
    def refused(self) -> bool:
        return any(n.severity == "error" for n in self.notes)


def classify(value: object, markup: CellMarkup, indikator: Indikator) -> Classified:
    """Turn the value of a named input cell plus its XML markup into a number or not."""
    notes: list[Refusal] = []
    if markup.formula:
        if not markup.has_value:
            return _refuse(
                "formula-no-result",
                "Sel berisi rumus tanpa hasil tersimpan (berkas disimpan oleh program yang tidak "
                "menghitung rumus), sehingga nilainya tidak diketahui dan tidak dianggap 0. "
                "Ganti rumus dengan angkanya, atau buka dan simpan ulang di Excel.",
            )
        notes.append(
            Refusal(
                "formula-used",
                "Sel berisi rumus; hasil yang tersimpan di berkas dipakai. Sebaiknya isi angka "
                "langsung agar yang dilaporkan jelas.",
                "info",
            )
        )
    if markup.is_error:
        return _refuse(
            "cell-error",
            f"Sel berisi galat Excel {markup.raw or '#N/A'}, bukan angka. Perbaiki isi sel "
            "atau ketik angkanya langsung.",
        )
    result = _classify_value(value, indikator)
    return Classified(result.nilai, result.blank, tuple(notes) + result.notes, result.raw)


def _refuse(code: str, message: str) -> Classified:
    return Classified(math.nan, notes=(Refusal(code, message),))


def _classify_value(value: object, ind: Indikator) -> Classified:
    if value is None or value == "":
        return Classified(math.nan, blank=True)
    if isinstance(value, bool):
        shown = "TRUE/BENAR" if value else "FALSE/SALAH"
        return _refuse(
            "boolean-in-number", f"Sel berisi nilai logika {shown}, bukan angka. {TYPE_NUMBER}."
        )
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return _refuse(
            "date-in-number",
            f"Sel berisi tanggal/waktu ({_date_shown(value)}), bukan angka: format sel berubah "
            f"menjadi tanggal. Ubah format sel ke {NUMBER_FORMAT_LABEL} lalu ketik ulang "
            f"angkanya. {TYPE_NUMBER}.",
        )
    if isinstance(value, str):
        if not value.strip(WHITESPACE):
            return Classified(math.nan, blank=True)
        return _refuse("text-in-number", text_message(value, ind))
    if isinstance(value, (int, float)):
        result = check_number(float(value), ind)
        return Classified(result.nilai, result.blank, result.notes, float(value))
    return _refuse("text-in-number", f"Sel berisi {value!r}, bukan angka. {TYPE_NUMBER}.")


def check_number(x: float, ind: Indikator) -> Classified:
    """Range and integrality rules of the indicator's kind."""
    if not math.isfinite(x):
        return _refuse("text-in-number", f"Sel berisi {x}, bukan angka yang sah. {TYPE_NUMBER}.")
    if ind.is_count:
        if x < 0:
            return _refuse(
                "number-negative",
                f"Sel berisi {angka_auto(x)}: banyaknya tidak mungkin negatif. Isi 0 atau lebih.",
            )
        if not x.is_integer():
            hint = ""
            if 1 <= x < 1000 and _decimals(x) == 3:
                meant = round(x * 1000)
                hint = (
                    f" Jika maksudnya {meant} (titik sebagai pemisah ribuan), ketik {meant} "
                    "tanpa titik."
                )
            return _refuse(
                "number-fraction",
                f"Sel berisi {angka(x, _decimals(x))}, padahal isian ini banyaknya sesuatu dan "
                f"harus bilangan bulat.{hint} Isi bilangan bulat 0 atau lebih.",
            )
    lo, hi = ind.nilai_min, ind.nilai_maks
    if hi is None and abs(x) > COUNT_MAX:
        return _refuse(
            "number-too-large",
            f"Sel berisi {angka(x, _decimals(x))}, melebihi batas wajar {angka(COUNT_MAX)} untuk "
            "isian ini (NIK atau nomor lain yang tertempel? angka nol berlebih?), sehingga tidak "
            "dipakai. Periksa angkanya; bila memang benar, tetapkan nilai_maks indikator ini di "
            "katalog.",
        )
    if (lo is not None and x < lo) or (hi is not None and x > hi):
        rentang = f"{_bound(lo, 'tanpa batas bawah')} sampai {_bound(hi, 'tanpa batas atas')}"
        return _refuse(
            "number-out-of-range",
            f"Sel berisi {angka(x, _decimals(x))}, di luar rentang yang sah ({rentang}). "
            "Periksa kembali angkanya.",
        )
    if ind.jenis == "nilai" and lo is None and x < 0:
        return _refuse("number-negative", f"Sel berisi {angka_auto(x)}: nilai tidak boleh negatif.")
    return Classified(x)


def format_notes(result: Classified, fmt: NumberFormat, ind: Indikator) -> Classified:
    """A number taken from a cell whose number format is not the template's.

    A percentage format stores 78 % as 0.78: the number typed is not the number stored, so
    it is refused. Any other change (pasted formatting) is worth a warning.
    """
    if fmt.is_percent and result.raw is not None and math.isfinite(result.raw):
        # Checked first: "0,78 is not a whole number" is the symptom, the format the cause.
        x = result.raw
        refusal = Refusal(
            "number-percent-format",
            f"Sel berformat persen ({fmt.code}): yang tampil {angka_auto(x * 100)} % tersimpan "
            f"sebagai {angka(x, _decimals(x))}, sehingga tidak jelas angka mana yang dimaksud "
            f"dan tidak dipakai. Ubah format sel ke {NUMBER_FORMAT_LABEL}, ketik angkanya "
            "tanpa tanda %, lalu simpan ulang.",
        )
        kept = tuple(n for n in result.notes if n.severity != "error")
        return Classified(math.nan, notes=(*kept, refusal), raw=x)
    if result.blank or result.refused or math.isnan(result.nilai):
        return result
    expected = TEMPLATE_FORMAT[ind.is_count]
    if fmt.normal != expected.lower():
        note = Refusal(
            "number-format-changed",
            f"Format angka sel berubah dari template ({expected}) menjadi "
            f"{format_label(fmt.code)} (mis. karena "
            "tempel dari berkas lain). Angkanya tetap dipakai; pastikan yang tampil sama dengan "
            "yang dimaksud.",
            "warning",
        )
        return Classified(result.nilai, result.blank, (*result.notes, note))
    return result


def shown_text(text: str, limit: int = 40) -> str:
    """Cell text quoted in a message: short, control characters shown as visible codes."""
    from pipeline.console import clean

    text = clean(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def text_message(text: str, ind: Indikator) -> str:
    """Why a text is refused; the number it probably means is suggested only when that
    number is itself valid for the cell (never "Maksud Anda 1,5?" in a count)."""
    shown = shown_text(text)
    guess = suggest_number(text, whole=ind.is_count)
    base = f'Sel berisi teks "{shown}", bukan angka, sehingga tidak dipakai.'
    if guess is None:
        return f"{base} {TYPE_NUMBER} (kosongkan bila belum ada datanya)."
    if ind.is_count and not guess.is_integer():
        return (
            f"{base} Isian ini banyaknya sesuatu, jadi harus bilangan bulat 0 atau lebih "
            f"({typed(guess)} pun tidak sah). {TYPE_NUMBER}, lalu simpan ulang."
        )
    if check_number(guess, ind).refused:
        return (
            f"{base} Angka {typed(guess)} pun tidak sah untuk isian ini (negatif atau di luar "
            f"rentangnya). Periksa angkanya; {TYPE_NUMBER[0].lower()}{TYPE_NUMBER[1:]}."
        )
    return f"{base} Maksud Anda {typed(guess)}? {TYPE_NUMBER}, lalu simpan ulang."


def typed(x: float) -> str:
    """How to type a number: whole numbers without grouping, decimals with a comma."""
    if x.is_integer():
        return str(int(x))
    return angka(x, _decimals(x)).replace(".", "")


def suggest_number(text: str, *, whole: bool) -> float | None:
    """The number a clerk most likely meant by `text`, read the Indonesian way; None if unsure.

    '1.234' -> 1234, '1,5' -> 1.5, '12 dokumen' -> 12, ' 12 ' -> 12, 'Rp 1.500.000' -> 1500000,
    '1.234,5' -> 1234.5; '12 dari 15' -> None (two numbers).
    """
    tokens = _NUMBER_TOKEN.findall(text)
    if len(tokens) != 1:
        return None
    token = tokens[0].replace("−", "-")
    sign = -1.0 if token.startswith("-") else 1.0
    body = token.lstrip("+-")
    if _GROUPED_SPACE.match(body):
        body = re.sub(r"[\u00a0\u202f ]", "", body)
    if re.search(r"[\u00a0\u202f ]", body):
        return None
    if "." in body and "," in body:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        body = body.replace(grouping, "").replace(decimal, ".")
    elif "." in body:
        if _GROUPED_DOT.match(body):
            body = body.replace(".", "")
        elif body.count(".") > 1:
            return None
    elif "," in body:
        if whole and _GROUPED_COMMA.match(body):
            body = body.replace(",", "")
        elif body.count(",") > 1:
            return None
        else:
            body = body.replace(",", ".")
    try:
        return sign * float(body)
    except ValueError:
        return None


def keterangan_text(value: object) -> str:
    """The Keterangan/kendala cell as text ('' when blank)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        return typed(value) if math.isfinite(value) else ""
    # Control characters (terminal escapes) never travel on into reports and findings.
    text = _CONTROL_TEXT.sub(" ", str(value))
    return text.strip()


def format_label(code: str) -> str:
    """A number format as Indonesian Excel names it, with the code the file holds."""
    label = FORMAT_LABELS.get(code.lower())
    return f"{label} ({code})" if label else code


def _date_shown(value: object) -> str:
    """A date in the cell shown the Indonesian way: '1 Juli 2026', '1 Juli 2026 08.30'."""
    if isinstance(value, dt.datetime):
        clock = "" if value.time() == dt.time() else f" {value:%H.%M}"
        return tanggal(value.date()) + clock
    if isinstance(value, dt.date):
        return tanggal(value)
    if isinstance(value, dt.time):
        return f"pukul {value:%H.%M}"
    return str(value)


def _decimals(x: float) -> int:
    text = repr(float(x))
    if "e" in text or "." not in text:
        return 0
    return min(len(text.split(".")[1].rstrip("0")), 6)


def _bound(x: float | None, none: str) -> str:
    return none if x is None else angka(x, _decimals(x))
