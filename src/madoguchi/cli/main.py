"""The `madoguchi` command.

The rules questions (procedures, procedure, calendar, validity) answer from the
city's data without starting Django, so they are quick and need no database.
The server commands (run, serve, manage) and the backup commands (backup,
restore, verify-backup) start Django.

Bad input prints one line on stderr saying what is wrong and what to do, in
the user's language (cli/language.py), argparse's own messages included, and
exits with 2; nothing is printed on stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from madoguchi.core.messages import catalog_city_as
from madoguchi.rules.errors import DataError, RulesInputError

from . import backup_commands, forecast_commands, messages_commands, notices_commands, rules_commands, server_commands
from .language import argparse_speaking, say, user_language, with_help_hint


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(with_help_hint(message, self.prog))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="madoguchi", description="Madoguchi: My Number Card procedures at the city counter.")
    parser.add_argument("--city", default=None, help="city data folder (default: the settings' MADOGUCHI_CITY)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    rules_commands.add_parsers(sub)
    server_commands.add_parsers(sub)
    notices_commands.add_parsers(sub)
    backup_commands.add_parsers(sub)
    forecast_commands.add_parsers(sub)
    messages_commands.add_parsers(sub)
    return parser


def settings_city() -> str:
    """The deployment's city (settings.MADOGUCHI_CITY, where its one default lives).
    Reading the settings does not start Django: the rules commands stay quick."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.settings.dev")
    from django.conf import settings

    return settings.MADOGUCHI_CITY


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    lang = user_language()
    try:
        with argparse_speaking(lang):
            args = parser.parse_args(argv)
        if args.city is None:
            args.city = settings_city()
        # The catalog's texts that name the division name this city's, Django or not.
        with catalog_city_as(args.city):
            return args.handler(args)
    except UsageError as e:
        print(f"madoguchi: {e}", file=sys.stderr)
        return 2
    except RulesInputError as e:
        print(f"madoguchi: {e.message(lang)}", file=sys.stderr)
        return 2
    except DataError as e:
        print(f"madoguchi: {say('cli.data_invalid', detail=e)}", file=sys.stderr)
        return 2
    except Exception as e:
        if type(e).__module__.startswith("django.db") or "OperationalError" in type(e).__name__:
            first_line = str(e).splitlines()[0] if str(e) else type(e).__name__
            print(f"madoguchi: {say('cli.database', detail=first_line)}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
