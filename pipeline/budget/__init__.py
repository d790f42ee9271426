"""The office's budget lines (program / kegiatan / sub kegiatan): office data and loader."""

from pipeline.budget.checks import budget_findings
from pipeline.budget.load import load_budget
from pipeline.budget.model import LEVEL_LABEL, LEVELS, Budget, BudgetLine

__all__ = ["LEVELS", "LEVEL_LABEL", "Budget", "BudgetLine", "budget_findings", "load_budget"]
