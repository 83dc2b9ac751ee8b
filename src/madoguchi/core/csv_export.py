"""The one CSV writer every export uses (the print contractor's letters.csv,
from `madoguchi notices print` and the staff download alike).

A spreadsheet opens a cell that begins with `=`, `+`, `-` or `@` (and, in some
programs, a tab or a carriage return) as a formula: a resident named
`=HYPERLINK("https://evil.example","click")` in the register would become a
live link, and `=cmd|' /C calc'!A0` a command, on the contractor's machine.
OWASP's rule (https://owasp.org/www-community/attacks/CSV_Injection): such a
text cell is written with a single quote in front, which spreadsheets show as
text and never evaluate, and every cell is quoted as the csv module needs.

Only text is neutralised. Numbers (int, float, Decimal) cannot hold a formula
and are written as they are, so a negative number stays a number; no export
today has one. A text cell that merely starts with `-` (an address given as
"-", a phone number typed "-0423879830") does get the quote: the quote is
visible in a spreadsheet but loses nothing, whereas guessing which dashes are
harmless is how the rule gets bypassed (`-1+cmd|...`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

# OWASP: "=", "+", "-", "@", tab (0x09), carriage return (0x0D).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """One cell as written: text that a spreadsheet would run gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):  # a bool is an int; write it as text, it starts with T or F
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """The whole file as text (CRLF line ends, as RFC 4180 and the contractors' Excel expect)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
