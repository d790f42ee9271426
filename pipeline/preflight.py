"""Office data `report` reads beyond `load_context`, validated up front.

`check` calls this too, so that a configuration error `report` would stop on (exit 2, the
TOML key path named) is found by `check` first, with the same message: a clean `check`
promises a `report` that runs. Each file is small and parsed lazily here, only when the
command has got this far, so `check`'s start-up does not grow.
"""

from __future__ import annotations

from pipeline.context import Context


def validate_report_data(ctx: Context) -> None:
    """Raise the ConfigError/UsageError `report` would raise for the office data."""
    from pipeline.honesty.decisions import load_confirmed

    load_confirmed(ctx.config.keputusan, ctx.catalog)
