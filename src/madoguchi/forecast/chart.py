"""The chart of expected demand against capacity by period (matplotlib).

One bar per period: the clerk-hours the forecast needs, blue where capacity
covers them and orange (with a hatch, so it does not rest on colour alone)
where it does not; the line is the clerk-hours available. Labels in Japanese
with English beside them, as the staff side speaks (Noto Sans CJK JP).
The staff page shows it as SVG; `madoguchi forecast --chart` writes PNG or SVG.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import matplotlib

matplotlib.use("Agg")  # no display: files only

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from madoguchi.rules.forecast import Row  # noqa: E402

FORMATS = ("png", "svg")
WITHIN = "#1f5fa8"  # blue
OVER = "#c2410c"  # orange, 4.5:1 on white
CAPACITY = "#111827"


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


def render(rows: Iterable[Row], fmt: str = "svg", title: str = "") -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"chart format must be one of {FORMATS}")
    data = totals(rows)
    fig = Figure(figsize=(11, 4.2), dpi=100)
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
    step = max(1, len(data) // 18)
    ax.set_xticks(list(xs)[::step], [d[0] for d in data][::step], rotation=45, ha="right", fontsize=8, fontfamily=font)
    ax.set_ylabel("職員時間 / clerk-hours", fontfamily=font)
    ax.set_title(title or "予想される窓口の需要と体制 / Expected demand against capacity", fontfamily=font)
    ax.legend(prop={"family": font, "size": 8}, loc="upper right", framealpha=0.9)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return out.getvalue()
