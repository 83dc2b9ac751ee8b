"""The My Number Card's lifecycle: states, transitions, refusals and the actions.

- `transitions`: the card's states and what each procedure does to them (pure functions);
- `refusals`: every refusal's code and its reason in every language;
- `visit`: who may come, by which channel, when, with which documents;
- `due`: what the clerk should raise with the resident today;
- `data`: the lifecycle's numbers, read from data/national/lifecycle.yaml.

No Django here (tests/rules/test_purity.py). The transitions' names are
re-exported so that `from madoguchi.rules import lifecycle as lc; lc.Card` reads as
one vocabulary.
"""

from .refusals import REFUSALS, Refusal
from .transitions import *  # noqa: F403 (the public names of the transitions)
from .transitions import __all__ as _transitions

__all__ = ["REFUSALS", "Refusal", *_transitions]
