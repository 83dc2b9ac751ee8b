"""The one error of the backup commands: a message key of `backup/messages.yaml`."""

from __future__ import annotations

from madoguchi.web.messages import message


class BackupError(Exception):
    """What went wrong and what to do, in the user's language.

    `exit_code` 2: the command was given something it cannot use (a missing
    file, a target that is not empty) and changed nothing; 1: a tool or the
    database failed while working."""

    def __init__(self, key: str, exit_code: int = 2, /, **fmt: object):
        self.key = key
        self.exit_code = exit_code
        self.fmt = fmt
        super().__init__(key)

    def message(self, language: str) -> str:
        return message(self.key, language, **self.fmt)
