"""Checks for charts: the learner draws with matplotlib or pandas and gives back the Axes.

:func:`check_chart` closes every open figure, calls the learner's function (or reads the Axes a cell
kept), then reads the chart: its kind (bar, histogram, line or scatter), its title and axis labels,
how many bars, lines or points it has, the labels under the bars, and the values drawn, with a
tolerance. Each message says in plain words what is missing and how to add it. It knows the common
traps: a chart drawn on top of an old one, a chart or title drawn on other axes than the one given
back, a figure or nothing given back in place of the Axes, a pandas chart of every column of a table, and
dates kept as numbers by a pandas date plot.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from typing import Any

from .checks import Mistakes, _call_text, _lookup, _run, describe, fail, find, kind_of, tick
from .explain import Hint

__all__ = ["KINDS", "check_chart", "chart_kind", "describe_chart"]

#: The kinds of chart, as a test cell names them, and in plain words.
KINDS = {"bar": "a bar chart", "hist": "a histogram", "line": "a line chart", "scatter": "a scatter chart"}

_PARTS = {"bar": "bar", "hist": "bar", "line": "line", "scatter": "point"}

_HOW = {"bar": "Draw bars with ax.bar(names, numbers). Or add .plot.bar(ax=ax) to a column.",
        "hist": "Draw a histogram with ax.hist(numbers). Or add .plot.hist(ax=ax) to a column.",
        "line": "Draw a line with ax.plot(x, y). Or add .plot.line(ax=ax) to a column.",
        "scatter": "Draw points with ax.scatter(x, y). Or use .plot.scatter(x=..., y=..., ax=ax) on a table."}

_PLACES = {"title": ("a title", "ax.set_title(...)", "on top of"),
           "xlabel": ("a label under the x axis", "ax.set_xlabel(...)", "under"),
           "ylabel": ("a label beside the y axis", "ax.set_ylabel(...)", "beside")}

_SHOWN = 8


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def _bars(ax: Any) -> list[Any]:
    """The bars drawn on ``ax`` by ax.bar, ax.barh, ax.hist or a pandas bar chart or histogram."""
    from matplotlib.container import BarContainer

    return [bar for container in ax.containers if isinstance(container, BarContainer) for bar in container]


def _sideways(ax: Any) -> bool:
    from matplotlib.container import BarContainer

    return any(isinstance(c, BarContainer) and c.orientation == "horizontal" for c in ax.containers)


def _touching(bars: list[Any]) -> bool:
    """Bars side by side with no gaps, as a histogram draws them."""
    edges = sorted((bar.get_x(), bar.get_x() + bar.get_width()) for bar in bars)
    return len(edges) > 1 and all(math.isclose(right, left, rel_tol=1e-6, abs_tol=1e-9)
                                  for (_, right), (left, _) in zip(edges, edges[1:]))


def _points(ax: Any) -> list[Any]:
    """The point sets drawn by ax.scatter or a pandas scatter chart."""
    from matplotlib.collections import PathCollection

    return [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]


def chart_kind(ax: Any) -> str | None:
    """The kind of chart on ``ax``: "bar", "hist", "line" or "scatter"; None when nothing is drawn."""
    bars = _bars(ax)
    if bars:
        return "hist" if _touching(bars) else "bar"
    if _points(ax):
        return "scatter"
    return "line" if ax.get_lines() else None


def _parts(ax: Any, kind: str) -> int:
    """How many bars, lines or points a chart of this kind has."""
    if kind in ("bar", "hist"):
        return len(_bars(ax))
    if kind == "scatter":
        return sum(len(c.get_offsets()) for c in _points(ax))
    return len(ax.get_lines())


def describe_chart(ax: Any) -> str:
    """A chart in plain words, such as ``a bar chart with 3 bars``."""
    kind = chart_kind(ax)
    if kind is None:
        return "an empty chart"
    return f"{KINDS[kind]} with {_count(_parts(ax, kind), _PARTS[kind])}"


def _values(ax: Any, kind: str) -> list[float]:
    """The values drawn: bar heights (lengths when sideways), the first line's y, or the points' y."""
    if kind in ("bar", "hist"):
        sideways = _sideways(ax)
        return [float(bar.get_width() if sideways else bar.get_height()) for bar in _bars(ax)]
    if kind == "scatter":
        return [float(y) for c in _points(ax) for y in c.get_offsets()[:, 1]]
    return [float(y) for y in ax.get_lines()[0].get_ydata(orig=False)]


def _xs(ax: Any, kind: str) -> list[Any]:
    """The x values of the first line, or of the points, as they were given to matplotlib."""
    if kind == "scatter":
        return [float(x) for c in _points(ax) for x in c.get_offsets()[:, 0]]
    return list(ax.get_lines()[0].get_xdata(orig=True))


def _labels(ax: Any) -> list[str]:
    """The labels along the x axis (along the y axis when the bars lie on their side), such as the bars' names."""
    ticks = ax.get_yticklabels() if _sideways(ax) else ax.get_xticklabels()
    return [text for text in (tick.get_text().strip() for tick in ticks) if text]


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _numbers(values: Sequence[float]) -> str:
    """Numbers in plain words: all of them when few, else how many and their range."""
    if len(values) <= _SHOWN:
        return ", ".join(_number(v) for v in values)
    return f"{len(values)} values from {_number(min(values))} to {_number(max(values))}"


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(1.0, abs(b))


def _all_close(got: Sequence[float], wanted: Sequence[float], tolerance: float) -> bool:
    return len(got) == len(wanted) and all(_close(a, b, tolerance) for a, b in zip(got, wanted))


def _known(mistakes: Mistakes | None, found: Any, tolerance: float = 0.0) -> Hint:
    """The message for a recorded mistake; wrong values (a tuple of numbers) match with the tolerance."""
    known = _lookup(mistakes, found)
    if known or not isinstance(found, tuple):
        return known
    pairs = mistakes.items() if isinstance(mistakes, Mapping) else mistakes or []
    return next((message for wrong, message in pairs if isinstance(wrong, tuple) and wrong
                 and all(isinstance(v, (int, float)) for v in wrong) and _all_close(found, wrong, tolerance)), None)


def _other_axes(ax: Any) -> list[Any]:
    """Every Axes of the open figures, except ``ax`` (where a stray title or chart may have gone)."""
    import matplotlib.pyplot as plt

    return [other for number in plt.get_fignums() for other in plt.figure(number).axes if other is not ax]


def _given_back(result: Any, tried: str, hint: Hint, mistakes: Mistakes | None) -> Any:
    """The Axes the learner's code gave back, or a plain message about what it gave instead."""
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.figure import Figure

    if isinstance(result, Axes):
        return result
    if isinstance(result, Figure):
        guess = "It gave back the whole figure, not its axes. End the function with `return ax`."
    elif result is None:
        guess = "It gave back nothing. End the function with `return ax`."
    elif isinstance(result, list) and result and all(type(part).__name__ == "Line2D" for part in result):
        guess = "It gave back the lines that ax.plot drew. End the function with `return ax` instead."
    elif isinstance(result, BarContainer):
        guess = "It gave back the bars that ax.bar drew. End the function with `return ax` instead."
    else:
        guess = None
    fail(tried, f"{describe(result, 80)}, which is {kind_of(result)}", "the axes of a chart (a matplotlib Axes)",
         _lookup(mistakes, result) or guess or hint
         or "Make the axes with `fig, ax = plt.subplots()`. Draw on ax. Then `return ax`.")


def _check_kind(ax: Any, kind: str, tried: str, searched: bool, mistakes: Mistakes | None) -> None:
    found = chart_kind(ax)
    if found == kind:
        return
    wanted = KINDS[kind]
    if found is None:
        elsewhere = searched and any(chart_kind(other) for other in _other_axes(ax))
        guess = ("The chart was drawn on other axes, not on the ax you gave back. "
                 "Add ax=ax inside .plot( ), or draw with ax.bar, ax.plot or ax.scatter." if elsewhere
                 else f"Nothing is drawn on these axes. {_HOW[kind]}")
        fail(tried, "an empty chart", wanted, _known(mistakes, "empty") or guess)
    fail(tried, KINDS[found], wanted, _known(mistakes, found) or f"This is {KINDS[found]}. {_HOW[kind]}")


def _check_words(ax: Any, place: str, want: bool | str, tried: str, searched: bool) -> None:
    """Check the title or an axis label: there at all (``want`` True), or holding the words ``want``."""
    if want is False:
        return
    what, how, where = _PLACES[place]
    text = getattr(ax, f"get_{place}")().strip()
    if not text:
        stray = searched and any(getattr(other, f"get_{place}")().strip() for other in _other_axes(ax))
        guess = (f"It is on other axes, not on the ax you gave back. Use {how} on your ax."
                 if stray else f"The chart has no words {where} it. Add them with {how}.")
        fail(tried, f"no {what[2:]}", what, guess)
    if isinstance(want, str) and want.casefold() not in text.casefold():
        fail(tried, f"the {what[2:]} {text!r}", f"{what} with the words {want!r}",
             f"Put the words {want!r} in it, with {how}.")


def _columns(ax: Any, kind: str) -> list[str]:
    """The names pandas gave the sets of bars or the lines, one for each column of a table it drew."""
    from matplotlib.container import BarContainer

    parts = ax.get_lines() if kind == "line" else [c for c in ax.containers if isinstance(c, BarContainer)]
    names = [part.get_label() for part in parts]
    return names if len(set(names)) == len(names) and not any(name.startswith("_") for name in names) else []


def _check_count(ax: Any, kind: str, count: int, tried: str, hint: Hint, mistakes: Mistakes | None) -> None:
    found = _parts(ax, kind)
    if found == count:
        return
    part = _PARTS[kind]
    guess = None
    columns = _columns(ax, kind)
    if len(columns) > 1:
        guess = (f"The chart has {part}s for each of these columns: {', '.join(columns)}. "
                 "Draw only the column you need, with y=... inside .plot( ).")
    elif count and found > count and found % count == 0:
        guess = (f"That is {found // count} times as many {part}s as we wanted. It looks like the chart was "
                 "drawn on top of an old one. Start with fig, ax = plt.subplots(), and draw with ax=ax.")
    fail(tried, _count(found, part), _count(count, part), _known(mistakes, found) or guess or hint)


def _check_labels(ax: Any, labels: Sequence[str], tried: str, hint: Hint, mistakes: Mistakes | None) -> None:
    found = _labels(ax)
    wanted = [str(label) for label in labels]
    if found == wanted:
        return
    guess = None
    if sorted(found) == sorted(wanted):
        guess = "The right bars are there, but in another order. Check how you sorted the table."
    elif found and all(_is_number(text) for text in found):
        guess = "The chart has numbers along its axis, not names. Give the names as the x values."
    fail(tried, f"the labels {', '.join(found) or '(none)'}", f"the labels {', '.join(wanted)}",
         _known(mistakes, tuple(found)) or guess or hint)


def _is_number(text: str) -> bool:
    try:
        float(text.replace("\N{MINUS SIGN}", "-"))
    except ValueError:
        return False
    return True


def _check_values(ax: Any, kind: str, values: Sequence[float], tolerance: float, tried: str, hint: Hint,
                  mistakes: Mistakes | None) -> None:
    found = _values(ax, kind)
    wanted = [float(v) for v in values]
    if _all_close(found, wanted, tolerance):
        return
    if len(found) != len(wanted):
        got, want = _count(len(found), "value"), _count(len(wanted), "value")
    else:
        index = next(i for i, (a, b) in enumerate(zip(found, wanted)) if not _close(a, b, tolerance))
        got, want = (f"{_numbers(found)} (value {index + 1} is {_number(found[index])})",
                     f"{_numbers(wanted)} (value {index + 1} is {_number(wanted[index])})")
    fail(tried, got, want, _known(mistakes, tuple(found), tolerance) or hint)


def _is_date(value: Any) -> bool:
    import numpy as np

    return isinstance(value, (datetime.date, np.datetime64))


def _check_x(ax: Any, kind: str, x: Sequence[Any], tolerance: float, tried: str, hint: Hint,
             mistakes: Mistakes | None) -> None:
    import matplotlib.dates as mdates
    import numpy as np

    found = _xs(ax, kind)
    dated = any(_is_date(value) for value in x)
    if dated:
        if found and not any(_is_date(value) for value in found):
            fail(tried, f"numbers ({_numbers([float(v) for v in found])})", "dates",
                 _known(mistakes, "numbers") or "The dates were kept as plain numbers. A pandas date plot does "
                 "this. Draw with ax.plot(table[\"date\"], table[\"rate\"]) instead.")
        found, x = list(mdates.date2num(np.asarray(found))), list(mdates.date2num(list(x)))
    found, wanted = [float(v) for v in found], [float(v) for v in x]
    same_day = len(found) == len(wanted) and all(abs(a - b) < 0.5 for a, b in zip(found, wanted))
    if not (same_day if dated else _all_close(found, wanted, tolerance)):
        fail(tried, f"the x values {_numbers(found)}", f"the x values {_numbers(wanted)}",
             _known(mistakes, tuple(found), tolerance) or hint)


def check_chart(name: str, kind: str = "bar", *, args: Sequence[Any] = (), title: bool | str = True,
                xlabel: bool | str = True, ylabel: bool | str = True, count: int | None = None,
                labels: Sequence[str] | None = None, values: Sequence[float] | None = None,
                x: Sequence[Any] | None = None, tolerance: float = 0.01, hint: Hint = None,
                mistakes: Mistakes | None = None, namespace: Mapping[str, Any] | None = None) -> None:
    """Check the chart the learner's function ``name`` draws and gives back (or the Axes kept in ``name``).

    A function is called with ``args`` after every open figure is closed; the figures are closed again
    after. ``kind`` is one of :data:`KINDS`. ``title``, ``xlabel`` and ``ylabel``: True (there), some
    words it must hold (any case), or False (not checked). ``count`` is the number of bars, lines or
    points. ``labels`` are the names along the x axis (beside sideways bars), in order. ``x`` are the
    line's or points' x values, then ``values`` the bar heights, the first line's y values or the
    points' y values, each within ``tolerance`` (a part of the value, at least that much); dates must
    fall on the same day.
    ``mistakes`` maps a wrong kind ("line"), a wrong count, wrong labels or values (a tuple), or a kind
    of value given back (None, a Figure) to a message; "empty" is the key for a chart with nothing
    drawn, and "numbers" for dates kept as numbers.
    """
    import matplotlib.pyplot as plt

    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    value = find(name, "function", namespace)
    searched = callable(value)
    if searched:
        tried = _call_text(name, tuple(args), {})
        plt.close("all")
        result, _ = _run(value, tried, tuple(args), {}, mistakes, hint)
    else:
        tried, result = f"looking at `{name}`", value
    try:
        ax = _given_back(result, tried, hint, mistakes)
        _check_kind(ax, kind, tried, searched, mistakes)
        for place, want in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
            _check_words(ax, place, want, tried, searched)
        if count is not None:
            _check_count(ax, kind, count, tried, hint, mistakes)
        if labels is not None:
            _check_labels(ax, labels, tried, hint, mistakes)
        if x is not None:
            _check_x(ax, kind, x, tolerance, tried, hint, mistakes)
        if values is not None:
            _check_values(ax, kind, values, tolerance, tried, hint, mistakes)
    finally:
        if searched:
            plt.close("all")
    named = f", titled {ax.get_title().strip()!r}" if ax.get_title().strip() else ""
    tick(f"{tried} drew {describe_chart(ax)}{named}")
