"""Shared fixtures, and the figures the tests measure, printed at the end of a run."""

from __future__ import annotations

import pytest

from curriculum.core.course import Course

from .support import FIGURES, ROOT


@pytest.fixture(scope="session")
def course() -> Course:
    """The course of this repository."""
    return Course(ROOT)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Start each run with no figures from an earlier one (in the main process only)."""
    if not hasattr(session.config, "workerinput"):
        FIGURES.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Print the figures the tests measure (they are figures to read, not assertions)."""
    if FIGURES.exists():
        terminalreporter.section("figures")
        terminalreporter.write(FIGURES.read_text(encoding="utf-8"))
