"""Checks for notebook test cells: existence, then type, then value.

Every failed check raises :class:`NotQuiteRight`. Jupyter shows it as a short,
plain message (what we tried, what came back, what we wanted, a hint) instead of
a traceback. A passed check prints one line to standard output and returns None:
a number as a test cell's last value would count as nbgrader partial credit.
Nothing here writes to standard error, because nbgrader counts any stderr output
as a failure.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import dis
import inspect
import io
import math
import re
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .explain import (NOT_WRITTEN, Hint, crash_for, explain_error, hint_lines, learner_names, near_name,
                      note_check, stages, stopped_at, unwritten_before)

__all__ = [
    "Hint",
    "NotQuiteRight",
    "check",
    "check_call",
    "check_column",
    "check_function",
    "check_guess",
    "check_order",
    "check_prediction",
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
#: for wrong answers that cannot be keys, such as dictionaries. A message may come in stages, like a hint.
Mistakes = Mapping[Any, Hint] | Sequence[tuple[Any, Hint]]

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
        note_check()

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


def _caller_frame() -> Any:
    """The first frame outside the toolkit (the notebook's test cell), whichever helper asks."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == __package__:
        frame = frame.f_back
    return frame


def _caller_namespace() -> dict[str, Any]:
    """Return the globals of the notebook (the first frame outside the toolkit), whichever helper asks."""
    frame = _caller_frame()
    return frame.f_globals if frame is not None else {}


def fail(tried: str, got: str | None, wanted: str | None, hint: Hint) -> None:
    """Stop the test cell with a plain message: what we tried, what it gave, what we wanted, a hint.

    For a check of your own; ``got``, ``wanted`` and ``hint`` may be None to leave their line out.
    ``hint`` may be a tuple of stages: each failure of the same check shows one more.
    """
    lines = [f"We tried:  {tried}"]
    if got is not None:
        lines.append(f"It gave:   {got}")
    if wanted is not None:
        lines.append(f"We wanted: {wanted}")
    raise NotQuiteRight(lines + hint_lines(tried, hint))


def tick(message: str) -> None:
    """Say that a check passed, on one line of standard output (never standard error)."""
    note_check()
    print(f"✓ {message}")


def check(passed: bool, tried: str, got: str, wanted: str, hint: Hint = None) -> None:
    """A general check: pass if ``passed``, else report what was tried and found."""
    if not passed:
        fail(tried, got, wanted, hint)
    tick(f"{tried}: {got}")


def find(name: str, what: str = "variable", namespace: Mapping[str, Any] | None = None) -> Any:
    """Return the value called ``name`` in the notebook, or explain why it is missing.

    First, if the learner's cell that makes ``name`` stopped with an error, that error is explained.
    A missing name close to one the learner made (a typo, a capital letter, a plural) is named.
    """
    note_check()
    scope = _caller_namespace() if namespace is None else namespace
    crash = crash_for(name, scope)
    if crash is not None:
        raise NotQuiteRight(crash.lines(name))
    value = scope.get(name, _MISSING)
    if value is _MISSING:
        raise NotQuiteRight(_missing(name, what, scope))
    return value


def _missing(name: str, what: str, scope: Mapping[str, Any]) -> list[str]:
    """What to say when there is nothing called ``name``."""
    if unwritten_before(scope):
        return ["You have not written this part yet.", f"Write your answer in place of the line that says "
                f"\"{NOT_WRITTEN}\". Then run that cell, and then this check."]
    near = near_name(name, learner_names(scope))
    if near is not None:
        return [f"You made `{near}`. We are looking for `{name}`.",
                f"Change `{near}` to `{name}` in your cell. Then run that cell again, and then this check."]
    return [f"We can't find a {what} called `{name}`.",
            "Check the spelling, and check that you ran its cell (Shift + Enter)."]


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


def _returns(function: Callable[..., Any] | None) -> bool | None:
    """Whether ``function``'s code has a ``return`` on some path; None when its code cannot be read."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))  # type: ignore[arg-type]
    except (TypeError, OSError, SyntaxError):  # no function, or code that cannot be read
        return None
    return any(isinstance(node, ast.Return) for node in ast.walk(tree))


def _guess(result: Any, expected: Any, printed: str, function: Callable[..., Any] | None = None) -> str | None:
    """Name a common mistake that would explain this result, if we know one."""
    if result is None and expected is not None:
        if printed.strip():
            return ("It looks like you used `print` to show the answer. "
                    "Use `return` to give the answer back instead.")
        if _returns(function) is False:
            return "It gave back nothing. Did you forget to write `return`?"
        return None
    if isinstance(result, str) and not isinstance(expected, str) and result.strip() == str(expected):
        return "It looks like you gave back text, not a number. Remove the quote marks."
    if isinstance(expected, str) and not isinstance(result, str) and str(result) == expected.strip():
        return "It looks like you gave back a number, not text."
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
    """What to say when the learner's code is still the blank it came with."""
    return NotQuiteRight([f"We tried:  {tried}", "You have not written this part yet.",
                          f"Write your answer in place of the line that says \"{NOT_WRITTEN}\"."])


def _unwritten(printed: str) -> bool:
    """Whether the blank answer's line ran (it prints the words "Not written yet")."""
    return NOT_WRITTEN in printed


def _run(function: Callable[..., Any], tried: str, args: tuple[Any, ...], kwargs: Mapping[str, Any],
         mistakes: Mistakes | None = None, hint: Hint = None, then: str | None = None) -> tuple[Any, str]:
    """Call ``function``, capturing what it prints; explain any error it raises.

    A kind of error that is a key of ``mistakes`` gets that message as its hint; any other gets ``hint``,
    else the usual next step for that kind of error. ``then`` says what the error leads to, if anything
    (a web page that fails, say).
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
        if _unwritten(printed.getvalue()):
            raise _not_written(tried) from None
        raise _stopped(tried, error, printed.getvalue(), mistakes, hint, then) from None
    if _unwritten(printed.getvalue()) and result is None:
        raise _not_written(tried)
    return result, printed.getvalue()


def _stopped(tried: str, error: Exception, printed: str, mistakes: Mistakes | None, hint: Hint,
             then: str | None = None) -> NotQuiteRight:
    """The message for the learner's code stopping with ``error`` while we tried it (and ``then`` what follows)."""
    scope = _caller_namespace()
    frame = _caller_frame()
    line = stopped_at(error, scope, frame.f_code.co_filename if frame is not None else "")
    advice = explain_error(error, scope)
    lines = [f"We tried:  {tried}", f"It stopped with an error: {type(error).__name__}: {error}"]
    lines += [then] if then else []
    lines += [f"It stopped at this line:  {line}"] if line else []
    lines.append(f"It means:  {advice.means}")
    known = _lookup(mistakes, error) or _error_guess(error, printed)
    return NotQuiteRight(lines + hint_lines(tried, known or hint or advice.step))


def _advice(error: Exception) -> str:
    """What an error means and what to try next, as one hint."""
    advice = explain_error(error, _caller_namespace())
    return f"{advice.means} {advice.step}"


def _error_guess(error: Exception, printed: str) -> str | None:
    """Name a common mistake that would explain this error, if we know one."""
    said = str(error)
    if isinstance(error, TypeError) and "__str__ returned non-string" in said:
        if printed.strip():
            return "It looks like __str__ prints the text. Give the text back with `return`, not `print`."
        return "It looks like __str__ gives back nothing. Write `return` in front of the text."
    if isinstance(error, TypeError) and "can only concatenate str" in said:
        return "It looks like you joined text and a number with +. Text can only be joined to text."
    return None


def _check_result(tried: str, action: Callable[[], Any], expected: Any, hint: Hint, mistakes: Mistakes | None,
                  function: Callable[..., Any] | None = None) -> None:
    result, printed = _run(action, tried, (), {}, mistakes, hint)
    result = plain(result)
    _compare(tried, result, expected, printed, hint, mistakes, function)
    tick(f"{tried} gave {describe(result, 80)}" if expected is not None else f"{tried} ran to the end")


def check_result(tried: str, action: Callable[[], Any], expected: Any, *, hint: Hint = None,
                 mistakes: Mistakes | None = None) -> None:
    """Run ``action`` (such as ``lambda: Shift("Sat", 6, 12).pay()``) and compare what it gives back.

    ``tried`` says in plain words what we did, for the learner. Errors are explained as in :func:`check_call`.
    """
    _check_result(tried, action, expected, hint, mistakes)


def check_call(name: str, args: tuple[Any, ...] | list[Any], expected: Any, *,
               kwargs: Mapping[str, Any] | None = None, hint: Hint = None,
               mistakes: Mistakes | None = None) -> None:
    """Call the learner's function ``name`` and compare what it returns with ``expected``.

    ``mistakes`` maps a wrong result we know about (a list as a tuple), or a kind of error (that
    kind exactly, not its subclasses), to a message that says what it looks like the learner did.
    Wrong results that are equal as keys (such as 6 and 6.0) share one message.
    """
    kwargs = dict(kwargs or {})
    function = _function(name)
    _check_result(_call_text(name, tuple(args), kwargs), lambda: function(*args, **kwargs), expected, hint,
                  mistakes, function)


def check_value(name: str, expected: Any, *, hint: Hint = None, mistakes: Mistakes | None = None) -> None:
    """Check that the variable ``name`` exists, has the kind of ``expected``, and equals it."""
    value = plain(find(name, "variable"))
    _compare(f"looking at `{name}`", value, expected, "", hint, mistakes)
    tick(f"`{name}` is {describe(value, 80)}")


def check_printed(name: str, args: tuple[Any, ...] | list[Any], expected: str, *,
                  kwargs: Mapping[str, Any] | None = None, hint: Hint = None,
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
        if _unwritten(printed):
            raise _not_written(tried)
        known = _lookup(mistakes, printed.strip())
        if not printed.strip() and result is not None:
            known = known or "It looks like you used `return`. This task asks you to `print`."
        fail(tried, f"printed {describe(printed.strip())}", f"printed {describe(expected.strip())}",
             known or hint)
    tick(f"{tried} printed {describe(printed.strip(), 80)}")


def check_raises(name: str, args: tuple[Any, ...] | list[Any], error: type[Exception], *,
                 says: str | None = None, hint: Hint = None,
                 mistakes: Mistakes | None = None) -> None:
    """Call the learner's function ``name`` and check that it stops with ``error`` (whose message has ``says``).

    ``mistakes`` maps a wrong result, or a wrong kind of error (that kind exactly), to what it looks like
    the learner did.
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
                 _lookup(mistakes, raised) or hint or _advice(raised))
        if says and says.lower() not in str(raised).lower():
            fail(tried, f"it stopped with {type(raised).__name__}: {raised}", wanted,
                 _lookup(mistakes, str(raised)) or hint)
        tick(f"{tried} stopped with {type(raised).__name__}: {raised}")
        return
    if _unwritten(printed.getvalue()):
        raise _not_written(tried)
    guess = "It looks like you used `print`. Use `raise` to stop with an error." if printed.getvalue().strip() \
        else None
    fail(tried, f"it went on and gave {describe(plain(result))}", wanted,
         _lookup(mistakes, plain(result)) or guess or hint)


def check_tests(name: str, function: str, right: Callable[..., Any],
                bugs: Mapping[str, Callable[..., Any]], hint: Hint = None) -> None:
    """Check the learner's own test function ``name``: it passes on a ``right`` version of ``function``
    and fails on each version in ``bugs`` (which maps what the bug does to a version with that bug).
    """
    test = _function(name)
    scope = _caller_namespace()
    had = scope.get(function, _MISSING)

    def outcome(version: Callable[..., Any]) -> BaseException | None:
        scope[function] = version
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                test()
        except Exception as raised:  # an assert or an error in the learner's test
            return raised
        return NotImplementedError() if _unwritten(printed.getvalue()) else None

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


def _fits_kind(kind: type, result: Any) -> bool:
    """A kind of error fits only that kind exactly; any other kind (such as ``pd.Series``) fits its subkinds too."""
    return type(result) is kind if issubclass(kind, BaseException) else isinstance(result, kind)


def _lookup(mistakes: Mistakes | None, result: Any) -> Hint:
    """The message for a known wrong result; a key may also be a kind, such as ``pd.Series`` or ``KeyError``."""
    pairs = list(mistakes.items() if isinstance(mistakes, Mapping) else mistakes or [])
    for wrong, message in pairs:
        if isinstance(wrong, type) and _fits_kind(wrong, result):
            return message
    if isinstance(mistakes, Mapping):
        try:
            return mistakes.get(tuple(result) if isinstance(result, list) else result)
        except TypeError:  # an unhashable result (a dictionary, say) cannot be a key
            pass
    return next((message for wrong, message in pairs if not isinstance(wrong, type) and _equal(wrong, result)), None)


def check_table(name: str, *, rows: int, columns: Sequence[str] | None = None, hint: Hint = None,
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


def check_column(name: str, column: str, *, rows: int | None = None, hint: Hint = None,
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


def _compare(tried: str, result: Any, expected: Any, printed: str, hint: Hint, mistakes: Mistakes | None,
             function: Callable[..., Any] | None = None) -> None:
    """Fail with a kind, specific message unless ``result`` matches ``expected``."""
    numbers = (int, float)
    both_numbers = all(isinstance(v, numbers) and not isinstance(v, bool) for v in (result, expected))
    right_kind = both_numbers or _is_kind(result, type(expected)) or (expected is None and result is None)
    if right_kind and _same(result, expected):
        return
    known = _lookup(mistakes, result) or _guess(result, expected, printed, function)
    got = describe(result)
    wanted = describe(expected)
    if not right_kind:
        got += f", which is {kind_of(result)}"
        wanted += f", which is {kind_of(expected)}"
    fail(tried, got, wanted, known or hint)


# --- tasks that need little typing ----------------------------------------------------------------

def _printed_by(code: str) -> str:
    """What ``code`` (an author's example, run on its own) prints."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "<example>", "exec"), {"__name__": "__example__"})  # the author's code, not the learner's
    return printed.getvalue()


def _lines_of(text: Any) -> list[str]:
    """Text, or a list of lines, as its lines with the spaces around each one taken off."""
    lines = text if isinstance(text, (list, tuple)) else str(text).strip().splitlines()
    return [str(line).strip() for line in lines]


def _prediction_hint(said: list[str], real: list[str]) -> str | None:
    """Say how a prediction differs from what the code prints, without giving the answer away."""
    if len(said) != len(real):
        return f"The code prints {_count(len(real), 'line')}. Your answer has {_count(len(said), 'line')}."
    index = next(i for i, (a, b) in enumerate(zip(said, real)) if a != b)
    place = f"line {index + 1}" if len(real) > 1 else "your answer"
    if said[index].casefold() == real[index].casefold():
        return f"Look at {place}. Check the capital letters."
    if said[index].strip("'\"") == real[index]:
        return f"Look at {place}. print does not show the quote marks."
    return f"Look at {place}." if len(real) > 1 else None


def check_prediction(name: str, code: str, *, hint: Hint = None, mistakes: Mistakes | None = None) -> None:
    """Check the learner's guess of what ``code`` prints: the text (or number) they put in ``name``.

    A predict-the-output task: show ``code`` to the learner, who writes, say, ``prediction = "6"``.
    We run ``code`` on its own and compare what it prints. Spaces around each line, and the kind
    (6 or "6"), do not matter. Several lines may be one text, one line each, or a list of lines.
    The real output is never shown: the hint says what to look at.
    """
    check_guess(name, _printed_by(code), hint=hint, mistakes=mistakes)


def check_guess(name: str, printed: str | Sequence[str], *, hint: Hint = None,
                mistakes: Mistakes | None = None) -> None:
    """Check the learner's guess ``name`` of what some code prints, given what it really ``printed``.

    :func:`check_prediction` for code that is not Python: the caller runs it. Compared as there.
    """
    said = find(name, "variable")
    if said is None or said is ...:
        raise _not_written(f"looking at `{name}`")
    real = _lines_of(printed)
    mine = _lines_of(said)
    if mine != real:
        steps = stages(hint) or ("Read the code again, one line at a time.",
                                 "Copy the code into a new cell and run it. Then work out why it prints that.")
        where = _prediction_hint(mine, real)
        fail(f"looking at your guess `{name}`", describe(said), "what the code really prints",
             _lookup(mistakes, said) or ((where, *steps) if where else steps))
    tick(f"`{name}` is what the code prints")


def _order_of(value: Any) -> list[int] | None:
    """The learner's order as numbers: a list of numbers, or text such as "3 1 2"; None if it is neither."""
    if isinstance(value, str):
        return [int(number) for number in re.findall(r"\d+", value)]
    if isinstance(value, (list, tuple)) and all(isinstance(n, int) and not isinstance(n, bool) for n in value):
        return list(value)
    return None


def _numbers_problem(order: list[int], count: int) -> str | None:
    """Say what is wrong with the numbers themselves: one missing, one twice, one too big."""
    wrong = [n for n in order if not 1 <= n <= count]
    if wrong:
        return f"There is no line {wrong[0]}. Use the numbers 1 to {count}."
    twice = [n for n in range(1, count + 1) if order.count(n) > 1]
    if twice:
        return f"Line {twice[0]} is there twice. Use each line once."
    missing = [n for n in range(1, count + 1) if n not in order]
    return f"Line {missing[0]} is missing. Use each line once." if missing else None


def _out_of_place(mine: list[str], right: list[str]) -> tuple[str, bool]:
    """The first line out of place in ``mine``, and whether it should come earlier."""
    kept = difflib.SequenceMatcher(None, mine, right, autojunk=False)
    in_place = {i for block in kept.get_matching_blocks() for i in range(block.a, block.a + block.size)}
    index = next(i for i in range(len(mine)) if i not in in_place)
    return mine[index], right.index(mine[index]) < index


def check_order(name: str, lines: Sequence[str], right: Sequence[int], *, hint: Hint = None,
                mistakes: Mistakes | None = None) -> None:
    """Check a put-the-lines-in-order task: the learner's order ``name`` of the numbered ``lines``.

    Show ``lines`` numbered from 1, in this order. The learner writes the numbers in the order
    that works, such as ``order = [3, 1, 2]`` (or the text ``"3 1 2"``). ``right`` is that order;
    lines that are the same text may swap. ``mistakes`` maps a wrong order (a tuple) to a message.
    """
    value = find(name, "variable")
    tried = f"looking at your order `{name}`"
    order = _order_of(value)
    if order is None:
        fail(tried, f"{describe(value)}, which is {kind_of(value)}", "a list of line numbers, like [3, 1, 2]",
             hint or "Write the line numbers between [ and ], with commas between them.")
    problem = _numbers_problem(order, len(lines))
    if problem is not None:
        fail(tried, describe(value), f"each number from 1 to {len(lines)} once", problem)
    mine = [lines[n - 1] for n in order]
    wanted = [lines[n - 1] for n in right]
    if mine != wanted:
        moved, earlier = _out_of_place(mine, wanted)
        where = (f"The line `{moved.strip()}` is in the wrong place. "
                 f"It needs to come {'earlier' if earlier else 'later'}.")
        fail(tried, describe(value), "each line in a place where it works",
             _lookup(mistakes, tuple(order)) or (where, *stages(hint)))
    tick(f"the lines are in an order that works: {', '.join(map(str, order))}")
