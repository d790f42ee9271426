"""Perjanjian Kinerja: per jabatan, the statement, its lampiran (targets, budget) and the
Rencana Aksi, as PDF and as an editable Word document."""

from pipeline.pk.run import PkOutcome, write_pk

__all__ = ["PkOutcome", "write_pk"]
