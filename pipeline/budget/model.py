"""Budget lines of the office (program / kegiatan / sub kegiatan) as loaded from office data.

Only a sub kegiatan carries its own pagu (the level at which the regional budget is set and
realised); a kegiatan's or program's pagu is the sum of its sub kegiatan, resolved once by
the loader so renderers never add figures up themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

PROGRAM, KEGIATAN, SUB_KEGIATAN = "program", "kegiatan", "sub_kegiatan"
LEVELS = (PROGRAM, KEGIATAN, SUB_KEGIATAN)
LEVEL_LABEL = {PROGRAM: "Program", KEGIATAN: "Kegiatan", SUB_KEGIATAN: "Sub Kegiatan"}


def uraian(tingkat: str, nama: str) -> str:
    """'Kegiatan Pelayanan ...'; a name that already starts with its level is kept."""
    label = LEVEL_LABEL.get(tingkat, "")
    return nama if not label or nama.lower().startswith(label.lower()) else f"{label} {nama}"


@dataclass(frozen=True)
class BudgetLine:
    tingkat: str  # one of LEVELS
    kode: str  # "2.12.02", "2.12.02.2.01", "2.12.02.2.01.0001"
    nama: str
    pagu: int  # whole rupiah; a program's or kegiatan's is the sum of its sub kegiatan
    jabatan_id: str | None  # who holds this line (None: held through its parent)
    indikator: tuple[str, ...]  # indicator ids this line supports (and so their sasaran)
    induk: str | None  # parent's kode
    key: str  # TOML key path, e.g. "program[1].kegiatan[0]", for messages
    baris_id: str | None = None  # sub kegiatan only: the id of its workbook inputs
    keterangan: str = ""

    @property
    def label(self) -> str:
        return LEVEL_LABEL[self.tingkat]


@dataclass(frozen=True)
class Budget:
    tahun: int
    contoh: bool
    file: str  # file name, for findings
    urusan_kode: str
    urusan_nama: str
    sumber_dana: str  # printed as Keterangan where a line has none, e.g. "APBD"
    lines: tuple[BudgetLine, ...]  # document order: program, its kegiatan, their sub kegiatan
    # The jabatan whose workbook carries the Anggaran sheet (pagu and realisation inputs).
    pengisi: str = ""

    @cached_property
    def by_kode(self) -> dict[str, BudgetLine]:
        return {b.kode: b for b in self.lines}

    @cached_property
    def by_baris_id(self) -> dict[str, BudgetLine]:
        return {b.baris_id: b for b in self.lines if b.baris_id}

    @property
    def sub_kegiatan(self) -> tuple[BudgetLine, ...]:
        return tuple(b for b in self.lines if b.tingkat == SUB_KEGIATAN)

    @property
    def total(self) -> int:
        return sum(b.pagu for b in self.sub_kegiatan)

    def ancestors(self, line: BudgetLine) -> list[BudgetLine]:
        """Parent first, up to the program."""
        out = []
        while line.induk is not None:
            line = self.by_kode[line.induk]
            out.append(line)
        return out

    def holder(self, line: BudgetLine) -> str | None:
        """The jabatan holding a line: its own, else the nearest ancestor's."""
        for b in (line, *self.ancestors(line)):
            if b.jabatan_id:
                return b.jabatan_id
        return None

    def held_by(self, jabatan_id: str) -> list[BudgetLine]:
        """Lines a jabatan holds itself, in document order."""
        return [b for b in self.lines if b.jabatan_id == jabatan_id]

    def total_held(self, jabatan_id: str) -> int:
        """Pagu a jabatan answers for: a held line inside another held line counts once."""
        held = {b.kode for b in self.held_by(jabatan_id)}
        return sum(
            b.pagu
            for b in self.held_by(jabatan_id)
            if not any(a.kode in held for a in self.ancestors(b))
        )

    def supporting(self, indikator_ids: Iterable[str]) -> list[BudgetLine]:
        """Sub kegiatan supporting any of these indicators, directly or through their
        kegiatan or program (Bab III: programs per sasaran, pagu per sasaran)."""
        wanted = set(indikator_ids)
        return [
            b
            for b in self.sub_kegiatan
            if any(wanted.intersection(x.indikator) for x in (b, *self.ancestors(b)))
        ]

    def pagu_supporting(self, indikator_ids: Iterable[str]) -> int:
        """Pagu of the sub kegiatan supporting any of these indicators, each counted once."""
        return sum(b.pagu for b in self.supporting(indikator_ids))
