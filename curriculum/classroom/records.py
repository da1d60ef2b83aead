"""Learner records from the gradebook, as one table: a row per learner and assignment."""

from __future__ import annotations

import pandas as pd
from nbgrader.api import MissingEntry

from ..core.course import Course

COLUMNS = ["learner", "assignment", "module", "title", "minutes", "submitted", "timestamp", "score",
           "max_score", "percent", "late"]


def records(course: Course) -> pd.DataFrame:
    """Every learner in the gradebook against every assignment in the catalog."""
    rows = []
    with course.gradebook() as book:
        for learner in sorted(s.id for s in book.students):
            for item in course.catalog.assignments:
                try:
                    submission = book.find_submission(item.id, learner)
                except MissingEntry:
                    rows.append([learner, item.id, item.module, item.title, item.minutes, False, pd.NaT,
                                 None, None, None, False])
                    continue
                score, top = float(submission.score), float(submission.max_score)
                rows.append([learner, item.id, item.module, item.title, item.minutes, True,
                             pd.Timestamp(submission.timestamp) if submission.timestamp else pd.NaT,
                             score, top, 100 * score / top if top else 0.0,
                             bool(submission.total_seconds_late and submission.total_seconds_late > 0)])
    return pd.DataFrame(rows, columns=COLUMNS)
