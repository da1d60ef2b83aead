"""Quality gates: every check an assignment must pass before a learner sees it.

A gate takes a :class:`Context` and returns an :class:`Outcome`: the problems it
found (each says what is wrong and what to do) and, for some gates, a figure.
:data:`GATES` lists them by name, in the order they run.
"""

from __future__ import annotations

from . import autograde, content, mistakes, runs, teaching
from .context import Context, GateFunction, Outcome

__all__ = ["GATES", "Context", "Outcome", "run_gate"]

GATES: dict[str, GateFunction] = {
    "catalog": content.catalog,
    "metadata": content.metadata,
    "outputs": content.outputs,
    "no-external-links": content.no_external_links,
    "data-sources": content.data_sources,
    "hints": teaching.hints,
    "readability": teaching.reading_level,
    "release-current": content.release_current,
    "release-clean": content.release_clean,
    "check-cells": teaching.check_cells,
    "solution-full-marks": autograde.solution_full_marks,
    "blank-scores-zero": autograde.blank_scores_zero,
    "mistakes-caught": mistakes.mistakes_caught,
    "visible-agrees": mistakes.visible_agrees,
    "runs": runs.runs,
}


def run_gate(name: str, context: Context) -> Outcome:
    """Run one gate; a gate that needs a missing notebook reports that instead of crashing."""
    if GATES[name] is not content.catalog and not context.has_source:
        return Outcome([f"there is no notebook {context.course.source_notebook(context.assignment)}; "
                        "see the catalog gate"])
    try:
        return GATES[name](context)
    except Exception as error:  # a broken notebook must become a row in the table, not a crash
        return Outcome([f"could not run this gate: {type(error).__name__}: {error}"])
