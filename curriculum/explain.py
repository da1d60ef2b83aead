"""What went wrong, in plain words: errors explained, the learner's cells remembered, hints in stages.

The checks use this module; it imports only the standard library and IPython.

* :func:`explain_error` says what a kind of error usually means, and what to try next.
* :func:`crash_for` finds the learner's own cell that makes a name, when it stopped with an error. It
  reads what IPython keeps of the last cell (``last_execution_result``) and, once a check has run,
  a ``post_run_cell`` hook remembers later cells. It never keeps the code of a cell that ran a check
  (a test cell): only the names an answer cell makes and the line where it stopped.
* :func:`hint_lines` shows a hint in stages: one more stage each time the same check fails again.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import inspect
import linecache
import re
import sqlite3
import types
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from IPython import get_ipython

__all__ = ["Advice", "Crash", "Hint", "crash_for", "explain_error", "hint_lines", "learner_names",
           "near_name", "note_check", "stages", "stopped_at", "unwritten_before", "NOT_WRITTEN"]

#: A hint: one string, or stages (what is wrong, a nudge, ... the line to write), or nothing.
Hint = str | Sequence[str] | None

#: The words every blank answer prints (see ``c.ClearSolutions.code_stub`` in nbgrader_config.py).
NOT_WRITTEN = "Not written yet"

_MORE = "Still stuck? Try again, then run this check again for the next hint."


# --- errors in plain words --------------------------------------------------------------------------

@dataclass(frozen=True)
class Advice:
    """What an error usually means, and the next step to take."""

    means: str
    step: str


_GENERIC = Advice("Python stopped because something on this line did not work.",
                  "Read the last line of the error. It says what went wrong.")

#: (kind of error, pattern of its message, what it means, next step); the first match wins.
#: Each {0}, {1} ... is filled in from the pattern's groups.
_RULES: list[tuple[type[BaseException], str, str, str]] = [
    (TabError, "", "This code uses both the Tab key and spaces at the start of lines.",
     "Use only spaces at the start of lines: 4 for each step in."),
    (IndentationError, "unexpected indent", "This line starts with spaces that it should not have.",
     "Take out the spaces at the start of this line."),
    (IndentationError, "expected an indented block", "The lines after a line that ends with : must start "
     "with spaces.", "Put 4 spaces at the start of each line that belongs inside."),
    (IndentationError, "unindent does not match", "The spaces at the start of this line do not line up "
     "with the lines above.", "Line it up with the lines above. Use 4 spaces for each step in."),
    (IndentationError, "", "The spaces at the start of a line are not right.",
     "Check the spaces at the start of each line. Use 4 for each step in."),
    (SyntaxError, "unterminated triple-quoted", "Three quote marks start some text, but three more do "
     "not end it.", "Put three quote marks at the end of the text too."),
    (SyntaxError, "unterminated string|EOL while scanning", "Some text has a quote mark at the start but "
     "not at the end.", "Put a quote mark at the end of the text. Use the same kind as at the start."),
    (SyntaxError, r"'(.)' was never closed", "A {0} is opened, but it is never closed.",
     "Find the {0} and close it at the right place."),
    (SyntaxError, r"closing parenthesis '(.)' does not match opening parenthesis '(.)'",
     "A {1} is closed with {0}. Each kind of bracket needs its own partner.",
     "Use ( with ), [ with ] and {{ with }}."),
    (SyntaxError, r"unmatched '(.)'", "There is a {0} with nothing to close.",
     "Take out the extra {0}, or add the bracket it closes."),
    (SyntaxError, "expected ':'", "A line that starts with if, else, for, while or def must end with a colon.",
     "Put a : at the end of the line."),
    (SyntaxError, "forgot a comma", "Two things sit side by side with nothing between them.",
     "Put a comma between them, or a + to join them."),
    (SyntaxError, "meant '=='|cannot assign to", "One = puts a value in a name. Two == check if two "
     "values are the same.", "To compare, use ==. To keep a value, put the name on the left: hours = 38"),
    (SyntaxError, r"invalid character '(.)'", "Python cannot read the sign {0}.",
     "Type it again on the keyboard. Quote marks must be straight, like \" or '."),
    (SyntaxError, "invalid decimal literal", "A number has letters stuck to it, or a name starts with a "
     "number.", "Names must start with a letter. Put a space or a sign between a number and a word."),
    (SyntaxError, "'return' outside function", "`return` can only be used inside a function.",
     "Put the line inside the function, with spaces in front."),
    (SyntaxError, "", "Python could not read this line. Something is missing, or there is something extra.",
     "Look for a missing quote mark, bracket, comma or colon."),
    (NotImplementedError, "", "This part is not written yet.",
     "Write your answer in place of the line with raise in it."),
    (sqlite3.OperationalError, r"no such table: (\S+)", "The database has no table called {0}.",
     "Check the spelling of the table name. If a cell makes the table, run that cell first."),
    (sqlite3.OperationalError, r"no such column: (\S+)", "No table here has a column called {0}.",
     "Check the spelling of the column. If {0} is a value, put quote marks around it: '{0}'."),
    (sqlite3.OperationalError, r"table (\S+) already exists", "The table {0} is there already.",
     "Write CREATE TABLE IF NOT EXISTS, so the table is made only once."),
    (sqlite3.OperationalError, r"table \S+ has (\d+) columns but (\d+) values", "The table has {0} columns, "
     "but the SQL gives {1} values.", "Give one value for each column, or name the columns you fill in."),
    (sqlite3.OperationalError, r"(\d+) values for (\d+) columns", "The SQL names {1} columns, but the number "
     "of values is {0}.", "Give one value for each column you name."),
    (sqlite3.OperationalError, r'near "(.+?)": syntax error', "The SQL could not be read near {0}.",
     "Check the spelling of the SQL words there. Check the commas and brackets too."),
    (sqlite3.OperationalError, "incomplete input", "The SQL stops too soon.",
     "Check that every bracket and every quote mark is closed."),
    (sqlite3.OperationalError, "unrecognized token", "A quote mark in the SQL is not closed.",
     "Put a ' at each end of a piece of text. If the text comes from a person, use a ? instead."),
    (sqlite3.ProgrammingError, r"uses (\d+), and there are (\d+) supplied", "The SQL has this many ? marks: {0}. "
     "But it got this many values: {1}.",
     "Give one value for each ?. One value on its own needs a comma after it, like (town,)"),
    (sqlite3.ProgrammingError, "closed database", "The link to the database is closed.",
     "Open it again with sqlite3.connect. Close it only when you are done."),
    (sqlite3.IntegrityError, r"UNIQUE constraint failed: (\S+)", "Two rows would have the same {0}.",
     "Give each row its own value there."),
    (sqlite3.IntegrityError, r"NOT NULL constraint failed: (\S+)", "A row has no value for {0}.",
     "Give a value for {0}. It must not be empty."),
    (jinja2.TemplateError, "", "The template could not be used. Check each gap: two curly brackets at each end, "
     "like {{{{ title }}}}.", "Read the last line of the error. It names the gap or the tag it could not read."),
    (sqlite3.Error, "", "The database could not do what the SQL asked.",
     "Read the last line of the error. It says what went wrong."),
    (TypeError, r"view function for '(\w+)' did not return a valid response", "The route function {0} gave "
     "back nothing.", "Put `return` in front of the page or the data that it gives back."),
    (AssertionError, r"overwriting an existing endpoint function: (\w+)", "Two routes use the same function "
     "name, {0}.", "Give each route function its own name. Or make the app again, in the same cell."),
    (AssertionError, "can no longer be called on the application", "The app has answered a request. "
     "Now it cannot take new routes.", "Make the app again, in the same cell as its routes."),
    (TypeError, r"can only concatenate str|must be str, not", "You used + to join text and a number.",
     "+ can join text to text, or add a number to a number. It cannot mix the two."),
    (TypeError, r"unsupported operand type\(s\) for (\S+)", "The sign {0} cannot be used on these two "
     "kinds of value, such as text and a number.", "Check the kind of each value on this line."),
    (TypeError, r"missing \d+ required positional argument", "The function got fewer values than it needs.",
     "Put one value in the brackets for each name in the def line."),
    (TypeError, r"takes \d+ positional arguments? but \d+ (?:was|were) given", "The function got more "
     "values than it takes.", "Give it one value for each name in its def line."),
    (TypeError, r"'(\w+)' object is not callable", "Round brackets ( ) after a name run a function. "
     "This name holds a value, not a function.", "Check the name before the ( )."),
    (TypeError, "", "A value is the wrong kind for what this line does with it.",
     "Look at each value on this line. Is it text, or a number?"),
    (ValueError, r"invalid literal for int\(\)", "int() was given text that is not a whole number.",
     "Check the text you gave to int()."),
    (ValueError, "could not convert string to float", "float() was given text that is not a number.",
     "Check the text you gave to float()."),
    (ValueError, r"Unable to parse string (.+) at position", "pd.to_numeric was given text that is not a "
     "number: {0}.", "Take out any commas first. To turn other text into blanks, add errors=\"coerce\"."),
    (ValueError, "values to unpack", "The number of names on the left of = does not match the number "
     "of values.", "Give one name for each value."),
    (ValueError, "", "A value is the right kind, but it cannot be used like this.",
     "Read the last line of the error. It names the value."),
    (ZeroDivisionError, "", "The code divided by 0. No number can be divided by 0.",
     "Check the number after the / sign."),
    (IndexError, "", "The code asked for a place that is not there. Places start at 0, so 3 items "
     "have places 0, 1 and 2.", "Check the number in the square brackets."),
]


def _name_error(error: NameError, namespace: Mapping[str, Any] | None) -> Advice:
    found = re.search(r"name '(\w+)' is not defined", str(error))
    name = error.name or (found[1] if found else "")
    known = [n for n in dir(builtins) if not n.startswith("_")] + learner_names(namespace or {})
    near = near_name(name, known)
    step = f"Did you mean `{near}`? " if near else "Check the spelling and the capital letters. "
    return Advice(f"Python does not know the name `{name}`.",
                  step + f"If `{name}` is words, put quote marks around it. If another cell makes it, run that "
                         "cell first.")


_PLAIN_KINDS = {"str": "Text", "int": "A whole number", "float": "A number", "list": "A list",
                "dict": "A dictionary", "tuple": "A tuple", "NoneType": "None (nothing)"}


def _attribute_error(error: AttributeError) -> Advice:
    found = re.search(r"'(\w+)' object has no attribute '(\w+)'", str(error))
    kind, name = (found[1], found[2]) if found else ("", error.name or "")
    if kind == "NoneType":
        return Advice(f"The value is None (nothing), so it has no `{name}`.",
                      "Check the line that made it. A line like items = items.append(5) keeps None in items.")
    if kind and not hasattr(builtins, kind):  # an object of the learner's own class
        return Advice(f"A {kind} object has nothing called `{name}`.",
                      f"Check the spelling. If it is a value, keep it in __init__ with `self.{name} = ...`.")
    thing = _PLAIN_KINDS.get(kind, f"A {kind} object" if kind else "This value")
    return Advice(f"{thing} has nothing called `{name}`.", "Check the spelling of the word after the dot.")


def explain_error(error: BaseException, namespace: Mapping[str, Any] | None = None) -> Advice:
    """What ``error`` usually means and what to try next, in plain words.

    ``namespace`` (the notebook's names) lets a NameError suggest a name the learner made.
    """
    if isinstance(error, NameError):
        return _name_error(error, namespace)
    if isinstance(error, AttributeError):
        return _attribute_error(error)
    if isinstance(error, KeyError):
        key = error.args[0] if error.args else "?"
        return Advice(f"Python looked for {key!r}, but there is no key or column with that name.",
                      "Check the spelling. Check the capital letters and spaces too.")
    if isinstance(error, FileNotFoundError):
        return Advice(f"Python cannot find the file {error.filename!r}.",
                      "Check the file name and its folder. Spelling and capital letters count.")
    if isinstance(error, SyntaxError) and re.search(r"=\s*<", error.text or ""):
        return Advice("HTML is text, so it needs quote marks around it. Without them, Python reads it as code.",
                      "Put a quote mark before the first < and another after the last >.")
    said = error.msg if isinstance(error, SyntaxError) else str(error)
    if isinstance(error, SyntaxError) and said == "incomplete input":  # IPython's words for a cell cut short
        said = _incomplete(error.text or "")
    for kind, pattern, means, step in _RULES:
        found = re.search(pattern, said or "")
        if isinstance(error, kind) and found:
            return Advice(means.format(*found.groups()), step.format(*found.groups()))
    return _GENERIC


def _incomplete(line: str) -> str:
    """Python's own words for a line that IPython calls "incomplete input"."""
    opener = _open_bracket(line)
    if opener:
        return f"'{opener}' was never closed"
    return "unterminated triple-quoted string" if '"""' in line or "'''" in line else "incomplete input"


def _open_bracket(line: str) -> str | None:
    """The last bracket opened and not closed in ``line`` (brackets inside quote marks do not count)."""
    opened: list[str] = []
    quote = ""
    for char in line:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            opened.append(char)
        elif char in ")]}" and opened:
            opened.pop()
    return opened[-1] if opened else None


# --- the learner's cells --------------------------------------------------------------------------

@dataclass(frozen=True)
class Crash:
    """Where and how a learner's cell stopped with an error."""

    error: str
    line: int | None
    text: str
    advice: Advice

    def lines(self, name: str) -> list[str]:
        """The plain message about this crash, for a check looking for ``name``."""
        where = [f"Line {self.line}:    {self.text}"] if self.line and self.text else []
        return [f"Your cell that makes `{name}` stopped with an error.", *where,
                f"The error: {self.error}", f"It means:  {self.advice.means}", f"Hint: {self.advice.step}",
                "Then run that cell again, and then this check."]


_runs: dict[str, Crash | None] = {}  # each name an answer cell made, and how its last run ended
_tries: dict[tuple[str, tuple[str, ...]], int] = {}  # failures so far of each check, with its hint
_state: dict[str, Any] = {"checked": False, "seen": None, "token": object()}
_TOKEN = "__curriculum_session__"  # a plain object in the notebook's names: gone when they are reset


def _fresh(shell: Any) -> None:
    """Forget the cells and hint stages of a notebook whose names were reset (``%reset``, a restart)."""
    if shell is not None and shell.user_ns.get(_TOKEN) is not _state["token"]:
        _runs.clear()
        _tries.clear()
        _state["token"] = shell.user_ns[_TOKEN] = shell.user_ns_hidden[_TOKEN] = object()


def note_check() -> None:
    """Say that a check is running, so the cell running now is a test cell and is never remembered."""
    _state["checked"] = True
    _shell()


def _shell() -> Any:
    """The IPython shell running the notebook (None outside one), watching each cell that ends."""
    shell = get_ipython()
    if shell is not None and _after_cell not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _after_cell)
    _fresh(shell)
    return shell


def _after_cell(result: Any) -> None:
    test_cell, _state["checked"] = _state["checked"], False
    _fresh(get_ipython())
    _remember(result, test_cell)


def _remember(result: Any, test_cell: bool) -> None:
    """Note the names a learner's cell made, and whether it stopped with an error; forget test cells."""
    _state["seen"] = weakref.ref(result)
    source = getattr(result.info, "transformed_cell", None) or result.info.raw_cell or ""
    if test_cell or "curriculum" in source:
        return
    error = result.error_before_exec or result.error_in_exec
    crash = _crash(error, result.info.raw_cell or "") if isinstance(error, Exception) else None
    for name in made_names(source):
        _runs[name] = crash


def _crash(error: Exception, raw_cell: str) -> Crash:
    """Describe how a cell stopped: the error, the line in the cell, and what it means."""
    shell = get_ipython()
    advice = explain_error(error, shell.user_ns if shell is not None else None)
    said = f"{type(error).__name__}: {error.msg if isinstance(error, SyntaxError) else error}"
    if isinstance(error, SyntaxError):
        return Crash(said, error.lineno, (error.text or "").strip(), advice)
    frames = [(tb.tb_frame.f_code, tb.tb_lineno) for tb in _tracebacks(error.__traceback__)]
    cell = next((code.co_filename for code, _ in frames if code.co_name == "<module>"), None)
    line = next((number for code, number in reversed(frames) if code.co_filename == cell), None)
    if cell is None or line is None:
        return Crash(said, None, "", advice)
    text = linecache.getline(cell, line) or _nth_line(raw_cell, line)
    return Crash(said, line, text.strip(), advice)


def _tracebacks(tb: types.TracebackType | None) -> list[types.TracebackType]:
    found = []
    while tb is not None:
        found.append(tb)
        tb = tb.tb_next
    return found


def _nth_line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


_MADE = re.compile(r"^\s*(?:(?:def|class)\s+([A-Za-z_]\w*)|([A-Za-z_]\w*)\s*(?:[-+*/%]|//|\*\*)?=(?!=))")


def made_names(source: str) -> set[str]:
    """The names a cell makes at its top level (not inside functions); read line by line if it cannot parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {found[1] or found[2] for line in source.splitlines() if (found := _MADE.match(line))}
    names: set[str] = set()
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        if not isinstance(node, ast.Lambda):
            todo.extend(ast.iter_child_nodes(node))
    return names


def _user_namespace(namespace: Mapping[str, Any]) -> Any:
    """The shell whose notebook names ``namespace`` are (None when they are not a notebook's)."""
    shell = _shell()
    return shell if shell is not None and namespace is shell.user_ns else None


def crash_for(name: str, namespace: Mapping[str, Any]) -> Crash | None:
    """How the learner's last cell that makes ``name`` (or a name close to it) stopped, if it stopped with an error.

    Only for the notebook's own names (``namespace`` is the shell's); None anywhere else.
    """
    shell = _user_namespace(namespace)
    if shell is None:
        return None
    last = shell.last_execution_result
    seen = _state["seen"]
    if last is not None and (seen is None or seen() is not last):
        _remember(last, test_cell=False)
    if name in _runs:
        return _runs[name]
    near = near_name(name, [made for made, crash in _runs.items() if crash is not None])
    return _runs[near] if near and near not in namespace else None


def unwritten_before(namespace: Mapping[str, Any]) -> bool:
    """Whether the cell run just before this check still has the blank answer's line ("Not written yet").

    The line may stand alone or under lines given with the task, such as ``savings = 20``.
    """
    shell = _user_namespace(namespace)
    last = shell.last_execution_result if shell is not None else None
    return last is not None and NOT_WRITTEN in (last.info.raw_cell or "")


def stopped_at(error: BaseException, namespace: Mapping[str, Any], test_file: str) -> str | None:
    """The learner's line of code where ``error`` happened, if it is in the notebook and not in ``test_file``."""
    frames = [tb for tb in _tracebacks(error.__traceback__)
              if tb.tb_frame.f_globals is namespace and tb.tb_frame.f_code.co_filename != test_file]
    if not frames:
        return None
    last = frames[-1]
    return linecache.getline(last.tb_frame.f_code.co_filename, last.tb_lineno).strip() or None


# --- names the learner made -----------------------------------------------------------------------

def learner_names(namespace: Mapping[str, Any]) -> list[str]:
    """The names the learner made in ``namespace``: not hidden, not private, not imported."""
    shell = _user_namespace(namespace) if namespace else None
    hidden = shell.user_ns_hidden if shell is not None else {}
    own = {"__main__", namespace.get("__name__")}
    return [name for name, value in namespace.items()
            if not name.startswith("_") and name not in hidden and not isinstance(value, types.ModuleType)
            and (not _is_code(value) or getattr(value, "__module__", None) in own)]


def _is_code(value: Any) -> bool:
    """Whether ``value`` is a function or a class; an object that can be called, such as a Flask app, is not."""
    return inspect.isroutine(value) or inspect.isclass(value)


def near_name(name: str, candidates: Sequence[str]) -> str | None:
    """The candidate that looks like a slip for ``name``: a typo, a capital letter or a plural."""
    others = {candidate.casefold(): candidate for candidate in candidates if candidate != name}
    folded = name.casefold()
    plurals = {folded + "s", folded + "es", folded.removesuffix("s"), folded.removesuffix("es")} - {folded}
    exact = [others[f] for f in [folded, *sorted(plurals)] if f in others]
    close = difflib.get_close_matches(folded, list(others), n=1, cutoff=0.8)
    return exact[0] if exact else (others[close[0]] if close else None)


# --- hints in stages ------------------------------------------------------------------------------

def stages(hint: Hint) -> tuple[str, ...]:
    """A hint as its stages: a string is one stage; empty stages are left out."""
    if not hint:
        return ()
    return (hint,) if isinstance(hint, str) else tuple(stage for stage in hint if stage)


def prefixed(prefix: str, hint: Hint) -> tuple[str, ...]:
    """The stages of ``hint`` with ``prefix`` in front of the first one."""
    steps = stages(hint) or ("",)
    return (prefix + steps[0], *steps[1:])


def hint_lines(check: str, hint: Hint) -> list[str]:
    """The lines that show ``hint`` after a failure of ``check``: one more stage for each failure so far.

    ``check`` names the check (what it tried); the count is kept per check and hint in this kernel,
    so grading, which runs each test cell once, shows the first stage only.
    """
    steps = stages(hint)
    if not steps:
        return []
    _shell()
    key = (check, steps)
    shown = _tries[key] = min(_tries.get(key, 0) + 1, len(steps))
    lines = [f"Hint: {steps[0]}"] + [f"Hint {number}: {step}" for number, step in enumerate(steps[1:shown], 2)]
    return lines + ([_MORE] if shown < len(steps) else [])
