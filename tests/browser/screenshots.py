"""Screenshots the browser tests take, so the README's pictures stay true.

`MADOGUCHI_SCREENSHOTS=1` writes the README's PNGs into docs/screenshots/ (the
pages it shows, at a desktop width, the window as a resident first sees it,
optimised to a 256-colour palette):

    MADOGUCHI_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_design_system.py tests/browser/test_booking.py -k desktop


`MADOGUCHI_SCREENSHOTS=/some/folder` writes whole pages there instead, for
looking at every page a change touches. Unset, nothing is written.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README_FOLDER = ROOT / "docs" / "screenshots"


def keep(page, name: str, readme: str | None = None) -> Path | None:
    """Save the page as `<name>.png` if screenshots were asked for; for the README only the
    pages it shows (`readme`: the file's name there)."""
    asked = os.environ.get("MADOGUCHI_SCREENSHOTS", "")
    for_readme = asked == "1"
    if not asked or (for_readme and readme is None):
        return None
    name = readme if for_readme else name
    folder = README_FOLDER if for_readme else Path(asked)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=not for_readme, animations="disabled", caret="hide")
    if for_readme:
        optimise(path)
    return path


def optimise(path: Path) -> None:
    """A screenshot of text in a few colours loses nothing visible at 256; the file is a fraction."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)
