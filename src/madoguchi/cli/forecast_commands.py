"""`madoguchi forecast`: the counter's expected load from the register against its capacity."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .language import say
from .rules_commands import iso_date


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forecast", help="expected visits, clerk-minutes and seats per office, procedure and day or week")
    p.add_argument("--from", dest="start", type=iso_date, required=True, help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=iso_date, required=True, help="YYYY-MM-DD (at most 18 months after --from)")
    p.add_argument("--office", help="an office id (default: every office)")
    p.add_argument("--procedure", help="a procedure id (default: every counter procedure)")
    p.add_argument("--by", choices=("day", "week"), default="week")
    p.add_argument("--json", action="store_true", help="print a JSON list of rows")
    p.add_argument("--paced", action="store_true", help="print the paced renewal letters' plan (certificate renewals) as JSON")
    p.add_argument("--chart", type=chart_path, help="write the demand-against-capacity chart to FILE (.png or .svg)")
    p.set_defaults(handler=cmd_forecast)


def chart_path(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() not in (".png", ".svg"):
        raise argparse.ArgumentTypeError(say("cli.forecast.chart_format", file=value))
    return path


def cmd_forecast(args: argparse.Namespace) -> int:
    from madoguchi.rules.forecast import check_forecast_range

    check_forecast_range(args.start, args.end, args.by)  # before Django starts: a bad range is a one-line error
    fmt = args.chart.suffix.lower().lstrip(".") if args.chart is not None else None
    from .notices_commands import _setup

    _setup(args.city)
    from madoguchi.forecast.services.plan import forecast

    if args.paced:
        return _paced(args)
    rows = forecast(args.start, args.end, by=args.by, office=args.office, procedure=args.procedure)
    if fmt is not None:
        from madoguchi.forecast.chart import render

        args.chart.write_bytes(render(rows, fmt))
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    print(say("cli.forecast.header"))
    for r in rows:
        if r.expected_visits or r.minutes_available or r.seats:
            mark = say("cli.forecast.over") if r.over_capacity else ""
            print(
                f"{r.period}\t{r.office}\t{r.procedure}\t{r.expected_visits:.0f}\t{r.minutes_needed / 60:.1f}\t"
                f"{r.minutes_available / 60:.1f}\t{r.seats}\t{mark}"
            )
    if fmt is not None:
        print(say("cli.forecast.chart_written", file=args.chart))
    return 0


def _paced(args: argparse.Namespace) -> int:
    from madoguchi.core.city import municipality
    from madoguchi.forecast.services.pacing import plan_letters

    office = args.office or municipality().city.offices[0].id
    plan = plan_letters(args.start, args.end, office)
    print(json.dumps([
        {"week": p.week.isoformat(), "letters": {c.isoformat(): n for c, n in p.letters.items()}, "expected_visits": round(p.visits, 1),
         "capacity_visits": round(p.capacity, 1), "short_visits": round(p.short_visits, 1)}
        for p in plan
    ], ensure_ascii=False, indent=1))  # fmt: skip
    return 0
