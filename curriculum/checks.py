"""Checks for notebook test cells: existence, then type, then value.

Every failed check raises :class:`NotQuiteRight`. Jupyter shows it as a short,
plain message (what we tried, what came back, what we wanted, a hint) instead of
a traceback. A passed check prints one line to standard output and returns None:
a number as a test cell's last value would count as nbgrader partial credit.
Nothing here writes to standard error, because nbgrader counts any stderr output
as a failure.
"""

from __future__ import annotations

import builtins
import contextlib
import dis
import io
import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = [
    "NotQuiteRight",
    "check",
    "check_call",
    "check_column",
    "check_function",
    "check_printed",
    "check_raises",
    "check_result",
    "check_table",
    "check_tests",
    "check_value",
    "check_variable",
    "describe",
    "fail",
    "find",
    "kind_of",
    "plain",
    "tick",
]

_MISSING = object()

#: Known wrong answers and what to say about each: a mapping, or (wrong answer, message) pairs
#: for wrong answers that cannot be keys, such as dictionaries.
Mistakes = Mapping[Any, str] | Sequence[tuple[Any, str]]

_KINDS: dict[type, str] = {
    bool: "True or False (a boolean)",
    int: "a whole number (an int)",
    float: "a number with a decimal point (a float)",
    str: "text (a string)",
    list: "a list",
    tuple: "a tuple",
    dict: "a dictionary",
    set: "a set",
    type(None): "nothing (None)",
}


class NotQuiteRight(AssertionError):
    """A check that did not pass, shown to the learner as plain lines."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines

    def _render_traceback_(self) -> list[str]:
        """Tell IPython to show our lines instead of a traceback."""
        return ["Not quite right yet.", *self.lines]


_TABLE_KINDS = {"DataFrame": "a table (a pandas DataFrame)", "Series": "a column of a table (a pandas Series)"}


def plain(value: Any) -> Any:
    """A numpy number (pandas gives these back) as the Python number it stands for; anything else as it is."""
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0:
        return value.item()
    return value


def kind_of(value: Any) -> str:
    """Name the kind of a value in plain words, e.g. ``text (a string)``."""
    value = plain(value)
    if type(value).__name__ in _TABLE_KINDS:
        return _TABLE_KINDS[type(value).__name__]
    for kind, words in _KINDS.items():
        if type(value) is kind:
            return words
    if isinstance(value, type):
        return "a class (a plan for making objects)"
    if callable(value):
        return "a function"
    name = type(value).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def describe(value: Any, limit: int = 200) -> str:
    """Show a value the way Python would write it, cut short if it is long; a table by its size."""
    value = plain(value)
    if type(value).__name__ == "DataFrame":
        return f"a table with {_count(len(value), 'row')} and {_count(len(value.columns), 'column')}"
    if type(value).__name__ == "Series":
        return f"the column {value.name!r} with {len(value)} values"
    text = repr(value)
    if type(value).__repr__ is object.__repr__:  # an object of the learner's own class
        text = f"a {type(value).__name__} object"
        if type(value).__str__ is not object.__str__:
            with contextlib.suppress(Exception):
                text += f" that shows as {str(value)!r}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _caller_namespace() -> dict[str, Any]:
    """Return the globals of the first frame outside the toolkit (the notebook), whichever helper asks."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == __package__:
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}


def fail(tried: str, got: str | None, wanted: str | None, hint: str | None) -> None:
    """Stop the test cell with a plain message: what we tried, what it gave, what we wanted, a hint.

    For a check of your own; ``got``, ``wanted`` and ``hint`` may be None to leave their line out.
    """
    lines = [f"We tried:  {tried}"]
    if got is not None:
        lines.append(f"It gave:   {got}")
    if wanted is not None:
        lines.append(f"We wanted: {wanted}")
    if hint:
        lines.append(f"Hint: {hint}")
    raise NotQuiteRight(lines)


def tick(message: str) -> None:
    """Say that a check passed, on one line of standard output (never standard error)."""
    print(f"✓ {message}")


def check(passed: bool, tried: str, got: str, wanted: str, hint: str | None = None) -> None:
    """A general check: pass if ``passed``, else report what was tried and found."""
    if not passed:
        fail(tried, got, wanted, hint)
    tick(f"{tried}: {got}")


def find(name: str, what: str = "variable", namespace: Mapping[str, Any] | None = None) -> Any:
    """Return the value called ``name`` in the notebook, or explain that it is missing."""
    scope = _caller_namespace() if namespace is None else namespace
    value = scope.get(name, _MISSING)
    if value is _MISSING:
        raise NotQuiteRight(
            [
                f"We can't find a {what} called `{name}`.",
                "Check the spelling, and check that you ran its cell (Shift + Enter).",
            ]
        )
    return value


def check_variable(name: str, kind: type | tuple[type, ...] | None = None) -> None:
    """Check that a variable exists (and has the right kind)."""
    value = find(name, "variable")
    if kind is not None and not _is_kind(value, kind):
        wanted = kind[0] if isinstance(kind, tuple) else kind
        fail(f"looking at `{name}`", f"{describe(value)}, which is {kind_of(value)}",
             f"{_KINDS.get(wanted, wanted.__name__)}", None)
    tick(f"`{name}` is there")


def _function(name: str) -> Callable[..., Any]:
    value = find(name, "function")
    if not callable(value):
        fail(f"using `{name}` as a function", f"{describe(value)}, which is {kind_of(value)}",
             "a function made with `def`", f"Write `def {name}(...):` to make the function.")
    return value


def check_function(name: str) -> None:
    """Check that a function called ``name`` exists."""
    _function(name)
    tick(f"`{name}` is a function")


def _is_kind(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False
    if float in kinds and isinstance(value, int):
        return True
    return isinstance(value, kinds)


def _same(result: Any, expected: Any) -> bool:
    if isinstance(expected, float) or isinstance(result, float):
        if _is_kind(result, float) and _is_kind(expected, float):
            return math.isclose(result, expected, rel_tol=1e-9, abs_tol=1e-9)
    return bool(result == expected)


def _guess(result: Any, expected: Any, printed: str) -> str | None:
    """Name a common mistake that would explain this result, if we know one."""
    if result is None and expected is not None:
        if printed.strip():
            return ("It looks like you used `print` to show the answer. "
                    "Use `return` to give the answer back instead.")
        return "It gave back nothing. Did you forget to write `return`?"
    if isinstance(result, str) and not isinstance(expected, str) and result.strip() == str(expected):
        return "It looks like you gave back text, not a number. Remove the quote marks, or use int()."
    if isinstance(expected, str) and not isinstance(result, str) and str(result) == expected.strip():
        return "It looks like you gave back a number, not text. Use str() to turn it into text."
    numbers = (int, float)
    if (isinstance(result, numbers) and isinstance(expected, numbers)
            and not isinstance(result, bool) and not isinstance(expected, bool)
            and math.isclose(abs(result - expected), 1)):
        return "You are 1 away. Check where your counting starts and stops."
    return None


def _call_text(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> str:
    parts = [describe(a, 60) for a in args] + [f"{k}={describe(v, 60)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _not_written(tried: str) -> NotQuiteRight:
    """What to say when the learner's code still has the ``raise NotImplementedError`` it came with."""
    return NotQuiteRight([f"We tried:  {tried}", "You have not written this part yet.",
                          "Replace the line `raise NotImplementedError(...)` with your own code."])


def _run(function: Callable[..., Any], tried: str, args: tuple[Any, ...], kwargs: Mapping[str, Any],
         mistakes: Mistakes | None = None, hint: str | None = None) -> tuple[Any, str]:
    """Call ``function``, capturing what it prints; explain any error it raises.

    A kind of error that is a key of ``mistakes`` gets that message as its hint; any other gets ``hint``.
    """
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            result = function(*args, **kwargs)
    except NotImplementedError:
        raise _not_written(tried) from None
    except NotQuiteRight:
        raise
    except Exception as error:  # the learner's code may raise anything
        raise NotQuiteRight(
            [
                f"We tried:  {tried}",
                f"It stopped with an error: {type(error).__name__}: {error}",
                "Hint: " + (_lookup(mistakes, error) or _error_guess(error, printed.getvalue()) or hint
                            or "Run your cell again and read the error. The last line says what went wrong."),
            ]
        ) from None
    return result, printed.getvalue()


def _error_guess(error: Exception, printed: str) -> str | None:
    """Name a common mistake that would explain this error, if we know one."""
    said = str(error)
    if isinstance(error, TypeError) and "__str__ returned non-string" in said:
        if printed.strip():
            return "It looks like __str__ prints the text. Give the text back with `return`, not `print`."
        return "It looks like __str__ gives back nothing. Write `return` in front of the text."
    if isinstance(error, TypeError) and "can only concatenate str" in said:
        return "It looks like you joined text and a number with +. Use an f-string, or str() on the number."
    found = re.fullmatch(r"'(\w+)' object has no attribute '(\w+)'", said)
    if isinstance(error, AttributeError) and found and not hasattr(builtins, found[1]):
        return (f"It looks like a {found[1]} object has no `{found[2]}`. Check the spelling. "
                f"If it is a value, keep it in __init__ with `self.{found[2]} = ...`.")
    return None


def check_result(tried: str, action: Callable[[], Any], expected: Any, *, hint: str | None = None,
                 mistakes: Mistakes | None = None) -> None:
    """Run ``action`` (such as ``lambda: Shift("Sat", 6, 12).pay()``) and compare what it gives back.

    ``tried`` says in plain words what we did, for the learner. Errors are explained as in :func:`check_call`.
    """
    result, printed = _run(action, tried, (), {}, mistakes, hint)
    result = plain(result)
    _compare(tried, result, expected, printed, hint, mistakes)
    tick(f"{tried} gave {describe(result, 80)}" if expected is not None else f"{tried} ran to the end")


def check_call(name: str, args: tuple[Any, ...] | list[Any], expected: Any, *,
               kwargs: Mapping[str, Any] | None = None, hint: str | None = None,
               mistakes: Mistakes | None = None) -> None:
    """Call the learner's function ``name`` and compare what it returns with ``expected``.

    ``mistakes`` maps a wrong result we know about (a list as a tuple), or a kind of error,
    to a message that says what it looks like the learner did. Wrong results that are equal
    as keys (such as 6 and 6.0) share one message.
    """
    kwargs = dict(kwargs or {})
    function = _function(name)
    check_result(_call_text(name, tuple(args), kwargs), lambda: function(*args, **kwargs), expected,
                 hint=hint, mistakes=mistakes)


def check_value(name: str, expected: Any, *, hint: str | None = None,
                mistakes: Mistakes | None = None) -> None:
    """Check that the variable ``name`` exists, has the kind of ``expected``, and equals it."""
    value = plain(find(name, "variable"))
    _compare(f"looking at `{name}`", value, expected, "", hint, mistakes)
    tick(f"`{name}` is {describe(value, 80)}")


def check_printed(name: str, args: tuple[Any, ...] | list[Any], expected: str, *,
                  kwargs: Mapping[str, Any] | None = None, hint: str | None = None,
                  mistakes: Mistakes | None = None) -> None:
    """Call the learner's function ``name`` and compare what it prints with ``expected``.

    Spaces at the very start and end are ignored. ``mistakes`` maps wrong printed text,
    or a kind of error, to what it looks like the learner did.
    """
    kwargs = dict(kwargs or {})
    function = _function(name)
    tried = _call_text(name, tuple(args), kwargs)
    result, printed = _run(function, tried, tuple(args), kwargs, mistakes, hint)
    if printed.strip() != expected.strip():
        known = _lookup(mistakes, printed.strip())
        if not printed.strip() and result is not None:
            known = known or "It looks like you used `return`. This task asks you to `print`."
        fail(tried, f"printed {describe(printed.strip())}", f"printed {describe(expected.strip())}",
             known or hint)
    tick(f"{tried} printed {describe(printed.strip(), 80)}")


def check_raises(name: str, args: tuple[Any, ...] | list[Any], error: type[Exception], *,
                 says: str | None = None, hint: str | None = None,
                 mistakes: Mistakes | None = None) -> None:
    """Call the learner's function ``name`` and check that it stops with ``error`` (whose message has ``says``).

    ``mistakes`` maps a wrong result, or a wrong kind of error, to what it looks like the learner did.
    """
    function = _function(name)
    tried = _call_text(name, tuple(args), {})
    wanted = f"it stops with {error.__name__}" + (f", saying {says!r}" if says else "")
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            result = function(*args)
    except NotImplementedError:
        raise _not_written(tried) from None
    except Exception as raised:  # the learner's code may raise anything
        if not isinstance(raised, error):
            fail(tried, f"it stopped with {type(raised).__name__}: {raised}", wanted,
                 _lookup(mistakes, raised) or hint)
        if says and says.lower() not in str(raised).lower():
            fail(tried, f"it stopped with {type(raised).__name__}: {raised}", wanted,
                 _lookup(mistakes, str(raised)) or hint)
        tick(f"{tried} stopped with {type(raised).__name__}: {raised}")
        return
    guess = "It looks like you used `print`. Use `raise` to stop with an error." if printed.getvalue().strip() \
        else None
    fail(tried, f"it went on and gave {describe(plain(result))}", wanted,
         _lookup(mistakes, plain(result)) or guess or hint)


def check_tests(name: str, function: str, right: Callable[..., Any],
                bugs: Mapping[str, Callable[..., Any]], hint: str | None = None) -> None:
    """Check the learner's own test function ``name``: it passes on a ``right`` version of ``function``
    and fails on each version in ``bugs`` (which maps what the bug does to a version with that bug).
    """
    test = _function(name)
    scope = _caller_namespace()
    had = scope.get(function, _MISSING)

    def outcome(version: Callable[..., Any]) -> BaseException | None:
        scope[function] = version
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                test()
        except Exception as raised:  # an assert or an error in the learner's test
            return raised
        return None

    try:
        problem = outcome(right)
        if isinstance(problem, NotImplementedError):
            raise _not_written(f"{name}()")
        if not any(step.opname == "LOAD_ASSERTION_ERROR" for step in dis.get_instructions(test)):
            fail(f"reading {name}()", "a test with no assert in it", "at least one line that starts with assert",
                 f"Write lines like: assert {function}(...) == the answer you expect")
        if problem is not None:
            fail(f"running {name}() on a version of `{function}` that works",
                 f"it failed: {type(problem).__name__}: {problem}", "it passes",
                 "A test of good code must pass. Check the answers your asserts expect.")
        tick(f"{name}() passes on a version of `{function}` that works")
        for bug, version in bugs.items():
            if outcome(version) is None:
                fail(f"running {name}() on a version of `{function}` that {bug}", "it passed", "it fails",
                     hint or f"Add an assert that would catch a version of `{function}` that {bug}.")
            tick(f"{name}() catches a version of `{function}` that {bug}")
    finally:
        if had is _MISSING:
            scope.pop(function, None)
        else:
            scope[function] = had


def _equal(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # tables and columns compare cell by cell, not as a whole
        return False


def _lookup(mistakes: Mistakes | None, result: Any) -> str | None:
    """The message for a known wrong result; a key may also be a kind, such as ``pd.Series``."""
    pairs = list(mistakes.items() if isinstance(mistakes, Mapping) else mistakes or [])
    for wrong, message in pairs:
        if isinstance(wrong, type) and isinstance(result, wrong):
            return message
    if isinstance(mistakes, Mapping):
        try:
            return mistakes.get(tuple(result) if isinstance(result, list) else result)
        except TypeError:  # an unhashable result (a dictionary, say) cannot be a key
            pass
    return next((message for wrong, message in pairs if not isinstance(wrong, type) and _equal(wrong, result)), None)


def check_table(name: str, *, rows: int, columns: Sequence[str] | None = None, hint: str | None = None,
                mistakes: Mistakes | None = None) -> None:
    """Check that ``name`` is a pandas table with ``rows`` rows (and exactly these ``columns``).

    ``mistakes`` maps a wrong number of rows, or a wrong kind, to what it looks like the learner did.
    """
    import pandas as pd

    value = find(name, "table")
    tried = f"looking at `{name}`"
    if not isinstance(value, pd.DataFrame):
        fail(tried, f"{describe(value)}, which is {kind_of(value)}", "a table (a pandas DataFrame)",
             _lookup(mistakes, value) or hint)
    if len(value) != rows:
        fail(tried, f"a table with {_count(len(value), 'row')}", f"a table with {_count(rows, 'row')}",
             _lookup(mistakes, len(value)) or hint)
    if columns is not None and list(value.columns) != list(columns):
        fail(tried, f"the columns {list(value.columns)}", f"the columns {list(columns)}", hint)
    tick(f"`{name}` is {describe(value)}")


def check_column(name: str, column: str, *, rows: int | None = None, hint: str | None = None,
                 mistakes: Mistakes | None = None) -> None:
    """Check that ``name`` is the column called ``column`` of a pandas table (with ``rows`` values)."""
    import pandas as pd

    value = find(name, "variable")
    tried = f"looking at `{name}`"
    if not isinstance(value, pd.Series):
        fail(tried, f"{describe(value)}, which is {kind_of(value)}", f"the column {column!r} of a table",
             _lookup(mistakes, value) or hint)
    if value.name != column or (rows is not None and len(value) != rows):
        fail(tried, describe(value), f"the column {column!r}" + (f" with {rows} values" if rows else ""),
             _lookup(mistakes, value.name) or hint)
    tick(f"`{name}` is {describe(value)}")


def _compare(tried: str, result: Any, expected: Any, printed: str, hint: str | None,
             mistakes: Mistakes | None) -> None:
    """Fail with a kind, specific message unless ``result`` matches ``expected``."""
    numbers = (int, float)
    both_numbers = all(isinstance(v, numbers) and not isinstance(v, bool) for v in (result, expected))
    right_kind = both_numbers or _is_kind(result, type(expected)) or (expected is None and result is None)
    if right_kind and _same(result, expected):
        return
    known = _lookup(mistakes, result) or _guess(result, expected, printed)
    got = describe(result)
    wanted = describe(expected)
    if not right_kind:
        got += f", which is {kind_of(result)}"
        wanted += f", which is {kind_of(expected)}"
    fail(tried, got, wanted, known or hint)
