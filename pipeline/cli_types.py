"""Command-line value types with Indonesian messages (click's say "integer range" and
"'%Y-%m-%d'", which a user cannot act on)."""

from __future__ import annotations

import datetime as dt

import click


class Choice1to(click.ParamType):
    """A whole number 1..hi, e.g. a quarter."""

    name = "bilangan bulat"

    def __init__(self, hi: int, what: str) -> None:
        self.hi, self.what = hi, what

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            if not text.isdigit():
                self.fail(f"{value!r} bukan {self.what}: isi angka 1 sampai {self.hi}", param, ctx)
            number = int(text)
        if not 1 <= number <= self.hi:
            self.fail(f"{number} bukan {self.what}: isi angka 1 sampai {self.hi}", param, ctx)
        return number


class Year(click.ParamType):
    name = "tahun"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        text = str(value).strip()
        if not (text.isdigit() and 2000 <= int(text) <= 2100):
            self.fail(f"{value!r} bukan tahun: isi empat angka, mis. 2026", param, ctx)
        return int(text)


class Date(click.ParamType):
    """TTTT-BB-HH (ISO), e.g. 2027-01-07 -> datetime.date."""

    name = "tanggal"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(
                f"{value!r} bukan tanggal yang sah: tulis TTTT-BB-HH, mis. 2027-01-07",
                param,
                ctx,
            )


QUARTER = Choice1to(4, "triwulan")
YEAR = Year()
DATE = Date()
