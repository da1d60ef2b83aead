"""What an author wrote in a test cell: its visible part, its check calls, and their hints and messages.

Read with :mod:`ast`, never run. A hint is a string or a tuple or list of strings (its stages: what
is wrong, a nudge, the line to write); a mistakes table is a dict or a list of ``(wrong, message)``
pairs, and each message may be staged the same way. What is not a literal (a variable, an f-string,
a sum of strings, a call) gives the text it holds, as far as it can be read without running it.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..core.helpers import learner_helpers
from ..core.notebook import Markers

GIVING = frozenset({"hint", "mistakes"})
CALL_CHARS = 60


def is_check_name(name: str | None) -> bool:
    """True for the name of a check helper: ``check`` or ``check_…``."""
    return name == "check" or bool(name and name.startswith("check_"))


def marked_lines(source: str, markers: Markers) -> Iterator[tuple[str, bool | None]]:
    """Each line of ``source`` with True inside a solution or hidden tests, False outside, None for a marker."""
    inside = False
    for line in source.splitlines():
        inside = (inside or markers.opens(line)) and not markers.closes(line)
        yield line, (None if markers.kind(line) else inside)


def visible_source(source: str, markers: Markers) -> str:
    """A test cell as the learner sees it: hidden tests and markers blanked, so line numbers stay."""
    return "\n".join("" if secret is not False else line for line, secret in marked_lines(source, markers))


def whole_source(source: str, markers: Markers) -> str:
    """A test cell with its hidden tests: only the markers blanked, so line numbers stay."""
    return "\n".join("" if secret is None else line for line, secret in marked_lines(source, markers))


def hidden_lines(source: str, markers: Markers) -> frozenset[int]:
    """The numbers (from 1) of the lines inside the hidden tests of a test cell."""
    return frozenset(number for number, (_, secret) in enumerate(marked_lines(source, markers), 1) if secret)


@dataclass(frozen=True)
class Signature:
    """The parameters of a check helper: positional ones in order, and every name it takes."""

    positional: tuple[str, ...]
    names: frozenset[str]


@cache
def helpers() -> dict[str, Signature]:
    """The check helpers test cells call, by name, read from their source (the author side never imports them)."""
    found: dict[str, Signature] = {}
    for module in learner_helpers():
        spec = importlib.util.find_spec(module)
        tree = ast.parse(Path(str(spec and spec.origin)).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and is_check_name(node.name):
                positional = tuple(a.arg for a in node.args.posonlyargs + node.args.args)
                found[node.name] = Signature(positional, frozenset(positional + tuple(
                    a.arg for a in node.args.kwonlyargs)))
    return found


@dataclass(frozen=True)
class Message:
    """A hint or a mistake message: its stages, in the order a learner sees them (often just one)."""

    kind: str
    stages: tuple[str, ...]


@dataclass(frozen=True)
class Check:
    """One call of a check helper in a test cell."""

    line: int
    call: str
    given: bool
    can_give: bool
    messages: tuple[Message, ...]

    @property
    def lacks_hint(self) -> bool:
        """True when the helper takes a hint or a mistakes table and the call gives neither."""
        return self.can_give and not self.given


Names = dict[str, ast.expr]


def _assigned(tree: ast.Module) -> Names:
    """The values given to plain names at the top of the cell (the last one wins)."""
    return {node.targets[0].id: node.value for node in tree.body
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)}


def _resolved(node: ast.expr, names: Names) -> tuple[ast.expr, Names]:
    """The value a name stands for (followed through names), and the names still free to follow."""
    while isinstance(node, ast.Name) and node.id in names:
        node, names = names[node.id], {k: v for k, v in names.items() if k != node.id}
    return node, names


def _text(node: ast.expr, names: Names) -> str | None:
    """The text of a string expression: a literal, an f-string ({x} shown as x), a sum, a name; else None."""
    node, names = _resolved(node, names)
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else ast.unparse(part.value)
                       for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left, names), _text(node.right, names)
        return None if left is None or right is None else left + right
    return None


def _texts_inside(node: ast.expr, names: Names) -> list[str]:
    """The texts held in an expression that is not one text (a call with a default, a table, a loop)."""
    text = _text(node, names)
    if text is not None:
        return [text]
    node, names = _resolved(node, names)
    children: list[ast.expr]
    if isinstance(node, ast.Dict):
        children = node.values
    elif isinstance(node, ast.DictComp):
        children = [node.value]
    elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        children = [node.elt]
    else:
        children = [child for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)]
    return [found for child in children for found in _texts_inside(child, names)]


def _messages(kind: str, node: ast.expr, names: Names) -> list[Message]:
    """The messages of one hint or mistake value: a staged tuple or list of texts is one message."""
    node, names = _resolved(node, names)
    if isinstance(node, (ast.Tuple, ast.List)) and node.elts:
        stages = [_text(part, names) for part in node.elts]
        if all(stage is not None for stage in stages):
            return [Message(kind, tuple(stages))]
    return [Message(kind, (text,)) for text in _texts_inside(node, names)]


def _mistake_values(node: ast.expr, names: Names) -> list[ast.expr]:
    """The message values of a mistakes table: a dict's values, or the second of each pair of a list."""
    node, names = _resolved(node, names)
    if isinstance(node, ast.Dict):
        return [found for key, value in zip(node.keys, node.values)
                for found in ([value] if key is not None else _mistake_values(value, names))]
    if isinstance(node, ast.DictComp):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [pair.elts[1] if isinstance(pair, (ast.Tuple, ast.List)) and len(pair.elts) == 2 else pair
                for pair in node.elts]
    return [node]


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    return node.func.attr if isinstance(node.func, ast.Attribute) else None


def _given(node: ast.Call, signature: Signature | None) -> dict[str, ast.expr]:
    """The hint and mistakes a call gives, by keyword or (for ``check``) by position; None gives nothing."""
    given = {kw.arg: kw.value for kw in node.keywords if kw.arg in GIVING}
    if signature and "hint" in signature.positional and signature.positional.index("hint") < len(node.args):
        given.setdefault("hint", node.args[signature.positional.index("hint")])
    return {key: value for key, value in given.items()
            if not (isinstance(value, ast.Constant) and value.value is None)}


def _check(node: ast.Call, name: str, source: str, names: Names) -> Check:
    signature = helpers().get(name)
    given = _given(node, signature)
    messages = _messages("hint", given["hint"], names) if "hint" in given else []
    if "mistakes" in given:
        messages += [message for value in _mistake_values(given["mistakes"], names)
                     for message in _messages("mistake", value, names)]
    call = " ".join((ast.get_source_segment(source, node) or name).split())
    return Check(node.lineno, call if len(call) <= CALL_CHARS else call[:CALL_CHARS - 1] + "…", bool(given),
                 signature is None or bool(GIVING & signature.names), tuple(messages))


def checks(source: str) -> list[Check]:
    """The check calls in ``source`` (a test cell, or its visible part), in order; SyntaxError if it is not Python."""
    tree = ast.parse(source)
    names = _assigned(tree)
    calls = [(node, name) for node in ast.walk(tree)
             if isinstance(node, ast.Call) and is_check_name(name := _called(node))]
    calls.sort(key=lambda found: (found[0].lineno, found[0].col_offset))
    return [_check(node, str(name), source, names) for node, name in calls]
