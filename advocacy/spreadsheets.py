"""CSV files that staff open in a spreadsheet program, with no cell able to run a formula.

A cell whose text starts with `=`, `+`, `-` or `@` (after any spaces), or with a tab or
a carriage return, is read by Excel, LibreOffice and Google Sheets as a formula, which can
fetch addresses or run commands ("CSV injection"). Such a cell is written with a leading
apostrophe, which the programs show as text. `writer()` does this to every cell it writes,
so that no column (a title typed by staff, a name typed by a signer) can be forgotten.
"""

import csv

_FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL_STARTS = ("\t", "\r", "\n")


def neutralise(value):
    """The text of one cell, with a leading apostrophe if it could start a formula."""
    text = "" if value is None else str(value)
    if text[:1] in _CONTROL_STARTS or text.lstrip(" \t\r\n")[:1] in _FORMULA_STARTS:
        return f"'{text}"
    return text


class _SafeWriter:
    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(out, **options):
    """A `csv.writer` on `out` that neutralises every cell (see the module)."""
    return _SafeWriter(out, **options)
