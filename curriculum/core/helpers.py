"""The learners' check helpers: the toolkit's top-level modules that test cells import.

Every top-level module of the package is one, except the command line and the error base.
A new helper (``csscheck.py``, say) joins by being there: the gates read its checks, the
grader lets test cells import it, and the warm kernel server imports it once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
NOT_HELPERS = frozenset({"__init__", "__main__", "cli", "errors"})


@cache
def learner_helpers() -> tuple[str, ...]:
    """The dotted names of the learner helper modules, in name order."""
    return tuple(sorted(f"curriculum.{path.stem}" for path in PACKAGE.glob("*.py") if path.stem not in NOT_HELPERS))
