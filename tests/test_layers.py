"""The toolkit's layers, kept by a test rather than by habit.

Learners' helpers import nothing else of the toolkit; ``core`` serves both sides; the
authors' side and the instructors' side never import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from curriculum.core.helpers import learner_helpers

from .support import ROOT

PACKAGE = ROOT / "curriculum"
LEARNER = set(learner_helpers())


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(name: str, is_package: bool, source: str) -> set[str]:
    """Every toolkit module that module ``name`` imports in ``source``, relative imports made absolute."""
    package = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            stem = ".".join(filter(None, [base, node.module or ""]))
            found.add(stem)
            found.update(f"{stem}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("curriculum.")}


MODULES = {module_name(path): imported(module_name(path), path.name == "__init__.py", path.read_text(encoding="utf-8"))
           for path in sorted(PACKAGE.rglob("*.py"))}


def layer(name: str) -> str:
    """The layer a module belongs to: learner, errors, core, author, classroom or cli."""
    if name in LEARNER:
        return "learner"
    return name.split(".")[1] if name.count(".") else "package"


ALLOWED = {
    "learner": {"learner"},
    "errors": set(),
    "core": {"core", "errors"},
    "author": {"author", "core", "errors"},
    "classroom": {"classroom", "core", "errors"},
    "cli": {"author", "classroom", "core", "errors"},
    "__main__": {"cli"},
}


def test_every_module_belongs_to_a_known_layer():
    assert {layer(name) for name in MODULES} - {"package"} <= set(ALLOWED), sorted(MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_imports_only_from_the_layers_below_it(name: str) -> None:
    if layer(name) == "package":
        assert MODULES[name] == set()
        return
    wrong = sorted(other for other in MODULES[name]
                   if other in MODULES and layer(other) not in ALLOWED[layer(name)] | {"package"})
    assert not wrong, f"{name} ({layer(name)}) must not import {wrong}"


def test_the_check_finds_a_forbidden_import():
    """The rule can fail: an author module that imports the classroom is named, relative imports included."""
    source = "from ..classroom import grading\nfrom ..core.course import Course\n"
    names = imported("curriculum.author.fake", False, source)
    assert {"curriculum.classroom.grading", "curriculum.core.course"} <= names
    assert layer("curriculum.classroom.grading") not in ALLOWED["author"]
    assert layer("curriculum.core.course") in ALLOWED["author"]


def test_no_two_learner_helpers_have_a_check_of_the_same_name() -> None:
    """The gates read checks by name, so a second ``check_saved`` would hide the first."""
    names = [node.name for module in learner_helpers()
             for node in ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8")).body
             if isinstance(node, ast.FunctionDef) and node.name.startswith("check")]
    assert sorted({name for name in names if names.count(name) > 1}) == []
