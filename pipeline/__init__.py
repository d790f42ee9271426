"""IKI pipeline: quarterly Individual Performance Indicators for a Disdukcapil office."""

__version__ = "0.1.0"
