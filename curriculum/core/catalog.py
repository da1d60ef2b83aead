"""The catalog: one YAML file per module, loaded strictly.

A mistake in a module file stops loading with a :class:`CatalogError` that names
the file, the key and what to write instead.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import CatalogError

MODULE_ID = re.compile(r"^[a-z][a-z0-9]*$")
ASSIGNMENT_ID = re.compile(r"^(?P<module>[a-z][a-z0-9]*)-(?P<number>\d\d)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")

MODULE_KEYS = {
    "id": "id: python",
    "title": "title: Python",
    "description": "description: One sentence on what learners can do after this module.",
    "assignments": "assignments: (a list, one entry per assignment, in teaching order)",
}
ASSIGNMENT_KEYS = {
    "id": "id: python-01-first-steps",
    "title": "title: First steps",
    "objectives": "objectives: (a list of 'By the end you can ...' sentences)",
    "minutes": "minutes: 60",
    "prerequisites": "prerequisites: [] (or a list of earlier assignment ids)",
}
#: Keys an assignment may leave out, with an example of each.
OPTIONAL_ASSIGNMENT_KEYS = {
    "portfolio": "portfolio: true (a capstone: the transcript lists it as a portfolio piece)",
}


@dataclass(frozen=True)
class Assignment:
    """One autograded notebook assignment."""

    id: str
    title: str
    objectives: tuple[str, ...]
    minutes: int
    prerequisites: tuple[str, ...]
    module: str
    portfolio: bool = False

    @property
    def slug(self) -> str:
        """The part of the id after the number, e.g. ``first-steps``."""
        return self.id.split("-", 2)[2]

    @property
    def notebook_name(self) -> str:
        """The notebook's file name, named after the slug."""
        return f"{self.slug}.ipynb"


@dataclass(frozen=True)
class Module:
    """A sequence of assignments on one subject."""

    id: str
    title: str
    description: str
    assignments: tuple[Assignment, ...]
    path: Path

    @property
    def minutes(self) -> int:
        """Total estimated minutes of the module."""
        return sum(a.minutes for a in self.assignments)


def _check_keys(data: Any, expected: dict[str, str], where: str, optional: dict[str, str] | None = None) -> None:
    if not isinstance(data, dict):
        raise CatalogError(f"{where}: expected keys and values, like\n  " + "\n  ".join(expected.values()))
    allowed = {**expected, **(optional or {})}
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            fix = f"did you mean `{close[0]}`?" if close else f"the keys are: {', '.join(allowed)}"
            raise CatalogError(f"{where}: unknown key `{key}`; {fix}")
    for key, example in expected.items():
        if key not in data:
            raise CatalogError(f"{where}: missing key `{key}`; add a line like `{example}`")


def _text(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: `{key}` must be some text, like `{key}: ...`")
    return value.strip()


def _texts(value: Any, where: str, key: str, allow_empty: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or (not value and not allow_empty):
        raise CatalogError(f"{where}: `{key}` must be a list, with one item a line starting with `- `")
    return tuple(_text(item, where, key) for item in value)


def _assignment(data: Any, module: str, where: str) -> Assignment:
    _check_keys(data, ASSIGNMENT_KEYS, where, OPTIONAL_ASSIGNMENT_KEYS)
    ident = _text(data["id"], where, "id")
    match = ASSIGNMENT_ID.match(ident)
    if not match or match["module"] != module:
        raise CatalogError(f"{where}: id `{ident}` must look like `{module}-01-some-slug` "
                           "(module, two digits, lowercase words joined by -)")
    minutes = data["minutes"]
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        raise CatalogError(f"{where}: `minutes` must be a whole number above 0, like `minutes: 60`")
    portfolio = data.get("portfolio", False)
    if not isinstance(portfolio, bool):
        raise CatalogError(f"{where}: `portfolio` must be true or false, like `portfolio: true`")
    return Assignment(
        id=ident,
        title=_text(data["title"], where, "title"),
        objectives=_texts(data["objectives"], where, "objectives", allow_empty=False),
        minutes=minutes,
        prerequisites=_texts(data["prerequisites"], where, "prerequisites", allow_empty=True),
        module=module,
        portfolio=portfolio,
    )


def load_module(path: Path) -> Module:
    """Load and validate one module file."""
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CatalogError(f"{where}: this is not valid YAML ({error})") from None
    _check_keys(data, MODULE_KEYS, where)
    ident = _text(data["id"], where, "id")
    if ident != path.stem or not MODULE_ID.match(ident):
        raise CatalogError(f"{where}: `id` must be the file's name, `id: {path.stem}`, in lowercase letters")
    items = data["assignments"]
    if not isinstance(items, list):
        raise CatalogError(f"{where}: `assignments` must be a list of assignments, each starting with `- id:`")
    assignments = tuple(
        _assignment(item, ident, f"{where}, assignment {n}") for n, item in enumerate(items, start=1))
    return Module(ident, _text(data["title"], where, "title"),
                  _text(data["description"], where, "description"), assignments, path)


@dataclass(frozen=True)
class Catalog:
    """All modules of the course, in a stable order."""

    modules: tuple[Module, ...]

    @property
    def assignments(self) -> tuple[Assignment, ...]:
        """Every assignment of every module, in catalog order."""
        return tuple(a for m in self.modules for a in m.assignments)

    def assignment(self, ident: str) -> Assignment:
        """Find an assignment by id, or say which ids exist."""
        for item in self.assignments:
            if item.id == ident:
                return item
        close = difflib.get_close_matches(ident, [a.id for a in self.assignments], n=1)
        hint = f" Did you mean `{close[0]}`?" if close else " Run `curriculum list` to see them all."
        raise CatalogError(f"There is no assignment `{ident}` in the catalog.{hint}")


def load_catalog(folder: Path, order: Sequence[str] = ()) -> Catalog:
    """Load every ``*.yaml`` module file in ``folder`` and check ids across modules.

    Modules named in ``order`` come first, in that order; the others follow in name order.
    """
    paths = sorted(folder.glob("*.yaml"),
                   key=lambda p: (list(order).index(p.stem) if p.stem in order else len(order), p.stem))
    catalog = Catalog(tuple(load_module(p) for p in paths))
    seen: set[str] = set()
    for module in catalog.modules:
        for item in module.assignments:
            if item.id in seen:
                raise CatalogError(f"{module.path}: assignment `{item.id}` is listed twice; "
                                   "give each assignment its own id")
            for before in item.prerequisites:
                if before not in seen:
                    raise CatalogError(f"{module.path}: `{item.id}` needs `{before}`, which must be an "
                                       "assignment listed earlier in the catalog")
            seen.add(item.id)
    return catalog
