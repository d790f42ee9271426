"""Words of a PDF with their boxes (pdftotext -bbox), to find text that overlaps."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def overlapping_words(pdf: Path) -> list[tuple[int, str, str]]:
    """(page, word, word) for every two words whose boxes overlap: a value running into
    the next cell (two words of one line never overlap when laid out properly)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for page, text in enumerate(out.split("<page ")[1:], start=1):
        boxes = [(*map(float, m[:4]), m[4]) for m in _WORD.findall(text)]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                dx = min(a[2], b[2]) - max(a[0], b[0])
                dy = min(a[3], b[3]) - max(a[1], b[1])
                if dx > 0.5 and dy > 0.5 * min(a[3] - a[1], b[3] - b[1]):
                    found.append((page, a[4], b[4]))
    return found
