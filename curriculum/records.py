"""Learner records from the gradebook, as one table: a row per learner and assignment."""

from __future__ import annotations

import pandas as pd
from nbgrader.api import Gradebook, MissingEntry

from .course import Course
from .nbg import load_config

COLUMNS = ["student", "assignment", "module", "title", "minutes", "submitted", "timestamp", "score",
           "max_score", "percent", "late"]


def gradebook(course: Course) -> Gradebook:
    """The course's gradebook (nbgrader's API), at its configured ``db_url``."""
    return Gradebook(load_config(course.root).CourseDirectory.db_url)


def records(course: Course) -> pd.DataFrame:
    """Every learner in the gradebook against every assignment in the catalog."""
    rows = []
    with gradebook(course) as book:
        students = sorted(s.id for s in book.students)
        for student in students:
            for item in course.catalog.assignments:
                try:
                    submission = book.find_submission(item.id, student)
                except MissingEntry:
                    rows.append([student, item.id, item.module, item.title, item.minutes, False, pd.NaT,
                                 None, None, None, False])
                    continue
                score, top = float(submission.score), float(submission.max_score)
                rows.append([student, item.id, item.module, item.title, item.minutes, True,
                             pd.Timestamp(submission.timestamp) if submission.timestamp else pd.NaT,
                             score, top, 100 * score / top if top else 0.0,
                             bool(submission.total_seconds_late and submission.total_seconds_late > 0)])
    return pd.DataFrame(rows, columns=COLUMNS)
