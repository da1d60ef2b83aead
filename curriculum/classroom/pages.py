"""Self-contained HTML pages from the gradebook: the progress report and a learner's transcript.

Plots are drawn with matplotlib and embedded as PNG data; the pages load nothing
from anywhere, so they open on a machine with no network and print cleanly.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass

import jinja2
import pandas as pd
from matplotlib.figure import Figure

from ..core.course import Course
from ..core.settings import Curriculum
from ..errors import ClassroomError
from .exporters import TEMPLATES
from .records import records

PAGES = TEMPLATES / "pages"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(PAGES), autoescape=True)


def _png(figure: Figure) -> str:
    """A figure as base64 PNG data (drawn with matplotlib's Agg, without pyplot's global state)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _completion_chart(table: pd.DataFrame, course: Course) -> str:
    modules = [m.id for m in course.catalog.modules]
    shares = [100 * table[table.module == m].submitted.mean() if (table.module == m).any() else 0 for m in modules]
    figure = Figure(figsize=(6, 0.6 + 0.5 * len(modules)))
    axes = figure.subplots()
    axes.barh(modules, shares, color="#3b7dd8")
    axes.set_xlim(0, 100)
    axes.set_xlabel("assignments handed in (%)")
    axes.invert_yaxis()
    return _png(figure)


def _scores_chart(table: pd.DataFrame) -> str | None:
    done = table[table.submitted]
    if done.empty:
        return None
    names = list(dict.fromkeys(done.assignment))
    figure = Figure(figsize=(6, 0.6 + 0.45 * len(names)))
    axes = figure.subplots()
    axes.boxplot([done[done.assignment == n].percent for n in names], orientation="horizontal", tick_labels=names)
    axes.set_xlim(-2, 102)
    axes.set_xlabel("score (%)")
    axes.invert_yaxis()
    return _png(figure)


@dataclass(frozen=True)
class GridCell:
    """One learner's result on one assignment, as shown in the report's grid."""

    text: str
    css: str
    late: bool


def _cell(row: pd.Series, settings: Curriculum) -> GridCell:
    if not row.submitted:
        return GridCell("–", "none", False)
    css = "good" if row.percent >= settings.good_mark else "fair" if row.percent >= settings.pass_mark else "low"
    return GridCell(f"{row.percent:.0f}%", css, bool(row.late))


def stuck_learners(table: pd.DataFrame, today: dt.date, settings: Curriculum) -> list[tuple[str, list[str]]]:
    """Learners with no submission for the settings' ``quiet_days``, or under the pass mark twice in one module."""
    found = []
    pass_mark, quiet_days = settings.pass_mark, settings.quiet_days
    for learner, rows in table.groupby("learner", sort=True):
        reasons = []
        done = rows[rows.submitted]
        if done.empty:
            reasons.append("has not handed in any work")
        else:
            last = done.timestamp.max()
            if pd.notna(last) and (today - last.date()).days >= quiet_days:
                reasons.append(f"nothing handed in for {(today - last.date()).days} days (last: {last.date()})")
        for module, low in done[done.percent < pass_mark].groupby("module"):
            if len(low) >= 2:
                reasons.append(f"under {pass_mark:.0f}% on {len(low)} {module} assignments "
                               f"({', '.join(low.assignment)})")
        if reasons:
            found.append((str(learner), reasons))
    return found


def report(course: Course, today: dt.date | None = None) -> str:
    """The progress report: who is stuck, the learner × assignment grid, completion, score spread."""
    today = today or dt.date.today()
    table = records(course)
    learners = sorted(table.learner.unique())
    grid = {name: [_cell(r, course.settings) for r in table[table.learner == name].itertuples(index=False)]
            for name in learners}
    return _environment().get_template("report.html.j2").render(
        css=(PAGES / "style.css").read_text(encoding="utf-8"), today=today.isoformat(),
        learners=learners, assignments=course.catalog.assignments, submissions=int(table.submitted.sum()),
        grid=grid, stuck=stuck_learners(table, today, course.settings), completion_png=_completion_chart(table, course),
        scores_png=_scores_chart(table))


def transcript(course: Course, learner: str, today: dt.date | None = None) -> str:
    """A learner's record of completed assignments, objectives and hours, ready to print.

    Completed assignments marked ``portfolio: true`` in the catalog (the capstones) are also listed
    together at the top, as portfolio pieces.
    """
    table = records(course)
    if learner not in set(table.learner):
        known = ", ".join(sorted(set(table.learner))) or "none yet"
        raise ClassroomError(f"there is no learner `{learner}` in the gradebook (learners: {known})")
    pass_mark = course.settings.pass_mark
    rows = table[(table.learner == learner) & table.submitted & (table.percent >= pass_mark)]
    modules = []
    for module in course.catalog.modules:
        done = rows[rows.module == module.id]
        if done.empty:
            continue
        assignments = {a.id: a for a in module.assignments}
        modules.append({"title": module.title, "rows": [
            {"title": r.title, "date": r.timestamp.date().isoformat() if pd.notna(r.timestamp) else "",
             "score": f"{r.percent:.0f}%", "objectives": assignments[r.assignment].objectives,
             "portfolio": assignments[r.assignment].portfolio}
            for r in done.itertuples(index=False)]})
    return _environment().get_template("transcript.html.j2").render(
        css=(PAGES / "style.css").read_text(encoding="utf-8"), learner=learner,
        today=(today or dt.date.today()).isoformat(), hours=rows.minutes.sum() / 60, completed=len(rows),
        pass_mark=f"{pass_mark:.0f}", modules=modules,
        portfolio=[row for module in modules for row in module["rows"] if row["portfolio"]])
