"""The transcript: completed work with its objectives, and the capstones listed as portfolio pieces."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd

from curriculum.classroom import pages
from curriculum.classroom.records import COLUMNS
from curriculum.core.catalog import Assignment, Catalog, Module


def course_with(*assignments: Assignment) -> SimpleNamespace:
    module = Module("demo", "Demo", "A module for tests.", assignments, None)
    return SimpleNamespace(catalog=Catalog((module,)), settings=SimpleNamespace(pass_mark=50.0))


def done(item: Assignment, percent: float) -> list:
    return ["sam", item.id, item.module, item.title, item.minutes, True, pd.Timestamp("2026-03-02"),
            percent, 100.0, percent, False]


def test_a_completed_capstone_is_listed_as_a_portfolio_piece(monkeypatch):
    lesson = Assignment("demo-01-loops", "Loops", ("repeat code",), 60, (), "demo")
    capstone = Assignment("demo-02-capstone", "Capstone: a job board", ("build a website",), 150,
                          ("demo-01-loops",), "demo", portfolio=True)
    table = pd.DataFrame([done(lesson, 90.0), done(capstone, 80.0)], columns=COLUMNS)
    monkeypatch.setattr(pages, "records", lambda course: table)
    page = pages.transcript(course_with(lesson, capstone), "sam", dt.date(2026, 3, 3))
    assert "<h2>Portfolio</h2>" in page
    assert "<li><strong>Capstone: a job board</strong>: 80%, 2026-03-02</li>" in page
    assert page.count("<em>portfolio piece</em>") == 1
    assert "<td>Loops</td>" in page


def test_no_portfolio_section_before_a_capstone_is_completed(monkeypatch):
    lesson = Assignment("demo-01-loops", "Loops", ("repeat code",), 60, (), "demo")
    capstone = Assignment("demo-02-capstone", "Capstone", ("build a website",), 150, (), "demo", portfolio=True)
    table = pd.DataFrame([done(lesson, 90.0), done(capstone, 20.0)], columns=COLUMNS)
    monkeypatch.setattr(pages, "records", lambda course: table)
    page = pages.transcript(course_with(lesson, capstone), "sam", dt.date(2026, 3, 3))
    assert "Portfolio" not in page
    assert "portfolio piece" not in page
