"""`pk`: the Perjanjian Kinerja of every jabatan as PDF (per jabatan and combined) and .docx.

Written like the report (pipeline/outfolder.py): staged beside the target under the output
root's lock and moved into place only when every file is written, so a failed run leaves the
previous output untouched and a folder this tool did not write is never replaced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import outfolder
from pipeline.budget import Budget, budget_findings, load_budget
from pipeline.context import Context
from pipeline.errors import ConfigError
from pipeline.findings import Finding, has_errors, info, sort_findings
from pipeline.pk.model import PkModel, build_pk
from pipeline.report.build import setting_findings


@dataclass
class PkOutcome:
    findings: list[Finding]
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    model: PkModel | None = None

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def output_folder(output_root: Path, tahun: int) -> Path:
    return output_root / f"pk-{tahun}"


def docx_name(jabatan_id: str) -> str:
    return f"pk/{jabatan_id}.docx"


def combined_docx_name(tahun: int) -> str:
    return f"perjanjian-kinerja-{tahun}.docx"


def write_pk(
    ctx: Context,
    *,
    tahun: int,
    output_root: Path,
    tanggal: dt.date | None = None,
) -> PkOutcome:
    """Load the budget of `tahun`, build every jabatan's PK and write the documents."""
    path = ctx.config.anggaran_path(tahun)
    if not path.is_file():
        raise ConfigError(
            ctx.config.path.name,
            "anggaran.berkas",
            f"menunjuk berkas anggaran tahun {tahun} yang tidak ada",
            str(path),
        )
    budget = load_budget(path, ctx.catalog, tahun)
    findings = pk_findings(ctx, budget)
    model = build_pk(
        ctx, budget, tahun=tahun, tanggal=tanggal or dt.date.today(), findings=findings
    )
    out_dir = output_folder(output_root, tahun)
    written = write_documents(model, out_dir)
    return PkOutcome(sort_findings(findings), out_dir, written, model)


def pk_findings(ctx: Context, budget: Budget) -> list[Finding]:
    """Sample data reminders, the budget's findings, and posts without an official."""
    findings = setting_findings(ctx) + budget_findings(budget, ctx.catalog)
    missing = [j.nama for j in ctx.catalog.jabatan if j.id not in ctx.config.pejabat]
    if missing:
        shown = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
        findings.append(
            info(
                "pk-official-missing",
                f"{len(missing)} jabatan tanpa data pejabat di config.toml ({shown}): nama "
                "dan NIP dicetak sebagai titik-titik untuk diisi tangan. Tambahkan "
                "[pejabat.<id jabatan>] bila jabatan sudah terisi.",
                file=ctx.config.path.name,
            )
        )
    return findings


def write_documents(model: PkModel, out_dir: Path) -> list[Path]:
    from pipeline.pk.pdf import render_pk_pdfs
    from pipeline.pk.view import views
    from pipeline.pk.word import write_pk_docx

    with outfolder.replacing(out_dir) as tmp:
        pages = views(model)
        render_pk_pdfs(pages, tmp, tahun=model.tahun)
        write_pk_docx(pages, tmp / combined_docx_name(model.tahun), tahun=model.tahun)
        for v in pages:
            write_pk_docx([v], tmp / docx_name(v.id), tahun=model.tahun)
    return outfolder.written_files(out_dir)
