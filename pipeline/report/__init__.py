"""The report: one model with every figure computed, rendered by several renderers."""
