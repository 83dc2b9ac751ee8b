"""The policy a mail is written with: Python's `email.policy.SMTP` (what Django's
SMTP backend writes with), remembering what it made of a header.

The mail sender's profile (docs/performance.md, "Bookings") found the `email`
package's header work the largest part of a mail's CPU: every header value is
parsed into a tree when it is set (a Content-Type several times over, as its
parameters are added) and folded again from that tree when the mail is written,
and most of them are the same in every mail (the From address, MIME-Version,
each part's Content-Type and Content-Transfer-Encoding). Both steps are pure
functions of the header's name and value under one policy, so their results
are kept: the bytes written are exactly those `email.policy.SMTP` writes
(tests/notices/test_mail_bytes.py compares them).
"""

from __future__ import annotations

import functools
import threading
from email.policy import SMTP, EmailPolicy

_FOLDED_KEPT = 256  # header objects whose folding is kept (the values that repeat are a dozen)


class MemoPolicy(EmailPolicy):
    def header_store_parse(self, name, value):
        # A plain string is parsed once per (name, value); a header object or
        # another value (Django's Date is a datetime) goes the usual way.
        if type(value) is str:
            return _parsed(self, name, value)
        return super().header_store_parse(name, value)

    def fold_binary(self, name, value):
        if not hasattr(value, "name"):  # not a header object: nothing to key on
            return super().fold_binary(name, value)
        key = (id(self), name, id(value))
        with _lock:
            kept = _folded.get(key)
        if kept is not None and kept[0] is value:
            return kept[1]
        folded = super().fold_binary(name, value)
        with _lock:
            if len(_folded) >= _FOLDED_KEPT:
                _folded.clear()
            _folded[key] = (value, folded)  # the object is kept with it: its id is not reused meanwhile
        return folded


_lock = threading.Lock()
_folded: dict[tuple[int, str, int], tuple[object, bytes]] = {}


@functools.lru_cache(maxsize=_FOLDED_KEPT)
def _parsed(policy: EmailPolicy, name: str, value: str):
    return EmailPolicy.header_store_parse(policy, name, value)


MAIL_POLICY = MemoPolicy(**{name: getattr(SMTP, name) for name in ("linesep", "max_line_length", "cte_type", "utf8", "refold_source")})
