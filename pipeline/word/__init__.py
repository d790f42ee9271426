"""Editable Word documents (python-docx): reusable blocks for the office's documents.

`blocks` holds the pieces every official document shares (A4 page, letterhead, titles,
tables with a repeating header row, signature blocks, page-number footer), so the
Perjanjian Kinerja (pk/word.py) and the LKjIP Bab III (`bab3`) are written the same way.
The package uses the documents' view types (kop, signature blocks); documents never import
it, so data flows one way.
"""
