"""Fillable quarterly workbook: writer (XlsxWriter) and filler (openpyxl).

Public seam with the reader (docs/contracts.md, section 2): file names, sheet names, the
defined names of `input_name`/`keterangan_name` and the identity properties.
"""

from pipeline.template.build import identity_properties, template_filename, write_template
from pipeline.template.names import TEMPLATE_VERSION, input_name, keterangan_name

__all__ = [
    "TEMPLATE_VERSION",
    "identity_properties",
    "input_name",
    "keterangan_name",
    "template_filename",
    "write_template",
]
