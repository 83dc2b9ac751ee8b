"""Defence in depth: no log line carries anything that looks like a My Number.

The code never logs a My Number, but a traceback, a third-party library or a
debug line might. Installed on every handler in settings LOGGING, this filter
replaces each run of 12 digits (ASCII or full-width, optionally grouped 4-4-4
by spaces, hyphens or dots, ASCII or full-width) in the message and the traceback. Stdlib only: logging is
configured before Django's apps load.
"""

from __future__ import annotations

import logging
import re

_SEP = r"[ \-.\u3000\uff0d\uff0e\u2212]?"  # a space, hyphen or dot, ASCII or full-width
MY_NUMBER_LIKE = re.compile(rf"(?<![0-9０-９])[0-9０-９]{{4}}{_SEP}[0-9０-９]{{4}}{_SEP}[0-9０-９]{{4}}(?![0-9０-９])")
REPLACEMENT = "[12-digit number removed]"


def scrub(text: str) -> str:
    return MY_NUMBER_LIKE.sub(REPLACEMENT, text)


class ScrubMyNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
