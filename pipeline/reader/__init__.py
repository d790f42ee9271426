"""Safe, fast reading of returned workbooks (streaming XML parse) into values and findings."""

from pipeline.reader.files import FileInfo, collect_inputs
from pipeline.reader.model import ReadResult
from pipeline.reader.read import read_workbooks

__all__ = ["FileInfo", "ReadResult", "collect_inputs", "read_workbooks"]
