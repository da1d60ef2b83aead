"""Moving the gradebook from SQLite to PostgreSQL, for a classroom server that grades many at once.

On a server the gradebook lives in PostgreSQL, reached over its Unix socket with peer
authentication (``postgresql+psycopg:///code_forward?host=/var/run/postgresql``): only the
instructor's account has a role, so no password is written in any file and learners cannot connect.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from nbgrader.api import Base, Gradebook
from sqlalchemy import create_engine, func, inspect, select, table
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from ..core.course import Course
from ..core.engine import environment
from ..errors import ClassroomError

DRIVER = "postgresql+psycopg"


@dataclass(frozen=True)
class Migrated:
    """What was copied: rows per table, in the order they were copied."""

    target: str
    rows: dict[str, int]


def _target_url(url: str) -> str:
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    if parsed is None or parsed.drivername != DRIVER:
        raise ClassroomError(f"the new gradebook's address must start with {DRIVER}://, as in "
                             f"{DRIVER}:///code_forward?host=/var/run/postgresql (got {url!r})")
    if parsed.password:
        raise ClassroomError("the address holds a password: use the Unix socket with peer authentication "
                             "instead, so no password is written in any file")
    return url


def migrate(course: Course, target_url: str) -> Migrated:
    """Copy every row of the course's gradebook into an empty PostgreSQL gradebook at ``target_url``."""
    source_url, target_url = course.directory.db_url, _target_url(target_url)
    if not source_url.startswith("sqlite"):
        raise ClassroomError(f"the gradebook is already at {make_url(source_url).render_as_string()}, not in SQLite")
    source, target = create_engine(source_url), create_engine(target_url)
    try:
        with target.connect() as checking:
            held = [name for name in inspect(checking).get_table_names() if name != "alembic_version"
                    and checking.execute(select(func.count()).select_from(table(name))).scalar()]
    except OperationalError as error:
        raise ClassroomError(f"could not reach PostgreSQL at {target_url}: {error.orig}. Is it running, and does "
                             f"this account have a role and the database (createuser, createdb)?") from None
    if held:
        raise ClassroomError(f"the new gradebook already holds {', '.join(held)}: migrate into an empty database")
    os.environ["PATH"] = environment()["PATH"]  # nbgrader runs its `alembic` script by name for a new gradebook
    Gradebook(target_url).close()  # makes nbgrader's tables and marks their version, as nbgrader itself would
    rows: dict[str, int] = {}
    with source.connect() as reading, target.begin() as writing:
        for model in reversed(Base.metadata.sorted_tables):  # what nbgrader just put in (its default course)
            writing.execute(model.delete())
        for model in Base.metadata.sorted_tables:
            found = [dict(row._mapping) for row in reading.execute(select(model))]
            if found:
                writing.execute(model.insert(), found)
            rows[model.name] = len(found)
    source.dispose()
    target.dispose()
    return Migrated(target_url, rows)
