"""Editable Word documents (python-docx): reusable blocks for the office's documents.

`blocks` holds the pieces every official document shares (A4 page, letterhead, titles,
tables with a repeating header row, signature blocks, page-number footer), so the
Perjanjian Kinerja and later the LKjIP Bab III are written the same way.
"""
