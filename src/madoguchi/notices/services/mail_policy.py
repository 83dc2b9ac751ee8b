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

import threading
from email.policy import SMTP, EmailPolicy

_KEPT = 256  # results kept of each kind (the values that repeat are a dozen; the rest come and go)


class MemoPolicy(EmailPolicy):
    """email.policy.SMTP, keeping a header's parse and its folding.

    Keyed by what they depend on: a parse by the header factory, the name and the
    value string; a folding by the header object (held with it, so that its id is
    not reused) and the settings folding reads. The generator clones the policy
    for each part (policy.clone(linesep=...)): the keys hold for the clones."""

    def header_store_parse(self, name, value):
        if type(value) is not str:  # a header object, or Django's Date (a datetime)
            return super().header_store_parse(name, value)
        key = (id(self.header_factory), name, value)
        return _kept(_parsed, key, None, lambda: super(MemoPolicy, self).header_store_parse(name, value))

    def fold_binary(self, name, value):
        if not hasattr(value, "name"):  # not a header object: nothing to key on
            return super().fold_binary(name, value)
        key = (name, id(value), self.linesep, self.max_line_length, self.utf8, self.cte_type, self.refold_source)
        return _kept(_folded, key, value, lambda: super(MemoPolicy, self).fold_binary(name, value))


_lock = threading.Lock()
_parsed: dict[tuple, tuple[object, object]] = {}
_folded: dict[tuple, tuple[object, object]] = {}


def _kept(store: dict, key: tuple, owner: object, make):
    with _lock:
        kept = store.get(key)
    if kept is not None and kept[0] is owner:
        return kept[1]
    made = make()
    with _lock:
        if len(store) >= _KEPT:
            store.clear()
        store[key] = (owner, made)  # the owner is held with it: its id is not reused meanwhile
    return made


MAIL_POLICY = MemoPolicy(linesep=SMTP.linesep)  # email.policy.SMTP is the default policy with this one change
