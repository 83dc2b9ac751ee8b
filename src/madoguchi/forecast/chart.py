"""The chart of expected demand against capacity by period (matplotlib).

One bar per period: the clerk-hours the forecast needs, blue where capacity
covers them and orange (with a hatch, so it does not rest on colour alone)
where it does not; the line is the clerk-hours available. Labels in Japanese
with English beside them, as the staff side speaks (Noto Sans CJK JP).
A period is labelled by its first day as the table writes it (a week by its
Monday, 11月30日, the year under the first label of each year), never by its
ISO week. The staff page shows it as SVG, drawn again narrow for a phone
(fewer labels, one legend entry a line); `madoguchi forecast --chart`
writes PNG or SVG.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable

import matplotlib

matplotlib.use("Agg")  # no display: files only

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from madoguchi.core.date_text import month_day_text  # noqa: E402
from madoguchi.core.messages import message  # noqa: E402
from madoguchi.rules.forecast import Row, period_start  # noqa: E402

FORMATS = ("png", "svg")
WITHIN = "#1f5fa8"  # blue
OVER = "#c2410c"  # orange, 4.5:1 on white
CAPACITY = "#111827"
# The figure's size in inches (at 100 dpi) and the most x labels it holds side by side
# unrotated: the staff page's width, and a phone's (375 px, where 18 rotated ISO weeks were unreadable).
WIDE = ((11, 4.6), 12)
NARROW = ((4.2, 5.2), 4)


def _japanese_font() -> list[str]:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return [n for n in ("Noto Sans CJK JP", "Noto Serif CJK JP") if n in names] + ["DejaVu Sans"]


def totals(rows: Iterable[Row]) -> list[tuple[str, float, float]]:
    """(period, clerk-hours needed, clerk-hours available), summed over the rows' offices and procedures."""
    acc: dict[str, list[float]] = {}
    for r in rows:
        a = acc.setdefault(r.period, [0.0, 0.0])
        a[0] += r.minutes_needed / 60
        a[1] += r.minutes_available / 60
    return [(k, v[0], v[1]) for k, v in acc.items()]


def tick_labels(periods: list[str], most: int) -> tuple[list[int], list[str]]:
    """Where the x-axis is labelled, and with what: at most `most` periods, evenly spaced, each by
    its first day (11月30日), with the year under it where a year begins (and on the first)."""
    at = list(range(0, len(periods), max(1, math.ceil(len(periods) / most))))
    labels, year = [], None
    for i in at:
        day = period_start(periods[i])
        label = month_day_text(day, "ja", readings=False)
        if day.year != year:
            label += "\n" + message("date.year", "ja", year=day.year)
            year = day.year
        labels.append(label)
    return at, labels


def render(rows: Iterable[Row], fmt: str = "svg", title: str = "", narrow: bool = False) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"chart format must be one of {FORMATS}")
    data = totals(rows)
    size, most = NARROW if narrow else WIDE
    fig = Figure(figsize=size, dpi=100, layout="constrained")
    ax = fig.add_subplot()
    font = _japanese_font()
    xs = range(len(data))
    needed = [d[1] for d in data]
    available = [d[2] for d in data]
    over = [n > a + 1e-9 for n, a in zip(needed, available)]
    ax.bar(
        list(xs), needed, color=[OVER if o else WITHIN for o in over], hatch=None,
        label="必要な職員時間 / clerk-hours needed",
    )  # fmt: skip
    for x, n, o in zip(xs, needed, over):
        if o:
            ax.bar([x], [n], color=OVER, hatch="//", edgecolor="white", linewidth=0)
    ax.step(list(xs), available, where="mid", color=CAPACITY, linewidth=1.5, label="使える職員時間 / clerk-hours available")
    ax.bar([0], [0], color=OVER, hatch="//", edgecolor="white", label="不足する週 / over capacity")
    at, labels = tick_labels([d[0] for d in data], most)
    ax.set_xticks(at, labels, fontsize=10 if narrow else 9, fontfamily=font)  # a phone shows the figure shrunk
    ax.set_ylabel("職員時間 / clerk-hours", fontfamily=font)
    heading = title or "予想される窓口の需要と体制 / Expected demand against capacity"
    # A phone's figure puts the English under the Japanese. The legend sits under the plot, off the
    # bars and the capacity line (in a row on the wide figure, one entry a line on a phone's).
    ax.set_title(heading.replace(" / ", "\n") if narrow else heading, fontfamily=font)
    fig.legend(prop={"family": font, "size": 9}, loc="outside lower center", frameon=False, ncols=1 if narrow else 3)
    ax.grid(axis="y", alpha=0.3)
    out = io.BytesIO()
    fig.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return out.getvalue()
