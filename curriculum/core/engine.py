"""nbgrader, run for a course: its commands in a subprocess, and its Python API."""

from __future__ import annotations

import copy
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema
from nbgrader.nbgraderformat import common as nbgrader_schemas
from sqlalchemy import event
from sqlalchemy.engine import Engine

from nbgrader.apps.api import NbGraderAPI

from ..errors import NbgraderFailed
from .course import Course
from .kernels import PROMPT_KERNEL_MANAGER
from .sandbox import warm
from .sandbox.limits import Limits


def environment() -> dict[str, str]:
    """This environment, with this Python's scripts first on PATH (nbgrader runs `alembic`)."""
    scripts, path = str(Path(sys.executable).parent), os.environ.get("PATH", "")
    return {**os.environ, "PATH": path if path.split(os.pathsep)[0] == scripts else os.pathsep.join([scripts, path])}


def _errors(what: str, said: str) -> NbgraderFailed:
    """An nbgrader failure, with the error lines it printed (or its last lines)."""
    lines = said.strip().splitlines()
    errors = [line for line in lines if "ERROR" in line or "Error" in line] or lines[-6:]
    return NbgraderFailed(f"{what} failed: " + " | ".join(errors[-6:]))


def nbgrader(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader ARGS`` in ``folder`` with this Python; raise :class:`NbgraderFailed` if it fails."""
    command = [sys.executable, "-m", "nbgrader", *args]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=environment())
    if check and done.returncode != 0:
        raise _errors(f"`nbgrader {' '.join(args)}`", done.stdout + done.stderr)
    return done


def run_nbgrader(course: Course, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader ARGS`` for the course, making the folders it expects first."""
    course.make_folders()
    return nbgrader(course.root, *args, check=check)


def nbgrader_api(course: Course, kernel_manager: str | None = None) -> NbGraderAPI:
    """nbgrader's own Python API for the course (what the Formgrader uses).

    With ``kernel_manager`` (a class path), every kernel it starts is started by that class; warm
    kernels have nothing to save, so they are stopped at once rather than after a polite wait.
    This process's PATH gains this Python's scripts, since nbgrader runs `alembic` to make a gradebook,
    and nbgrader runs quicker here (:func:`quicker_nbgrader`).
    """
    os.environ["PATH"] = environment()["PATH"]
    quicker_nbgrader()
    course.make_folders()
    config = copy.deepcopy(course.config)
    if kernel_manager:
        config.Execute.kernel_manager_class = kernel_manager
    if kernel_manager == warm.WARM_KERNEL_MANAGER:
        config.Execute.shutdown_kernel = "immediate"
    return NbGraderAPI(course.directory, config=config)


def _quick_sqlite(connection: object, _record: object) -> None:
    if isinstance(connection, sqlite3.Connection):
        connection.execute("PRAGMA synchronous=NORMAL")
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:  # another process is switching it now; the mode is the file's, for all
            pass


class _SchemaCheckedOnce:
    """``jsonschema`` as nbgrader's metadata checks use it, with each schema itself checked only once."""

    ValidationError = jsonschema.ValidationError

    def __init__(self) -> None:
        self._validators: dict[int, tuple[dict[str, object], jsonschema.protocols.Validator]] = {}

    def validate(self, instance: object, schema: dict[str, object]) -> None:
        """What ``jsonschema.validate`` does, without checking ``schema`` again each time."""
        if id(schema) not in self._validators:
            kind = jsonschema.validators.validator_for(schema)
            kind.check_schema(schema)
            self._validators[id(schema)] = (schema, kind(schema))  # the schema kept, so its id stays its own
        error = jsonschema.exceptions.best_match(self._validators[id(schema)][1].iter_errors(instance))
        if error is not None:
            raise error


def quicker_nbgrader() -> None:
    """Two changes to how nbgrader works in this process, for grading many notebooks; neither changes a grade.

    - SQLite gradebooks log ahead and do not flush to disk on every commit. nbgrader commits once per
      graded cell, and each flush waits for the disk; with ``synchronous=NORMAL`` a crash can lose the
      last commits but never corrupts the gradebook, and readers (the Formgrader) no longer wait for
      writers. PostgreSQL gradebooks are left as they are.
    - nbgrader checks every cell's metadata with ``jsonschema.validate``, which checks the schema
      itself first, every time (about a tenth of the grader's time). Each schema is checked once.
    """
    if not event.contains(Engine, "connect", _quick_sqlite):
        event.listen(Engine, "connect", _quick_sqlite)
    if not isinstance(nbgrader_schemas.jsonschema, _SchemaCheckedOnce):
        nbgrader_schemas.jsonschema = _SchemaCheckedOnce()


def fast_kernel_manager(course: Course) -> str:
    """The quickest kernel manager here for the course's notebooks, as a class path.

    Warm sandboxed kernels when running as root with bubblewrap (this process's warm server
    starts on first use), else ordinary kernels with :class:`~.kernels.PromptClient`.
    """
    if not warm.possible():
        return PROMPT_KERNEL_MANAGER
    warm.start_server(Limits.of(course.settings), course.settings.warm_imports)
    return warm.WARM_KERNEL_MANAGER


def succeeded(outcome: dict[str, object], what: str) -> None:
    """Raise :class:`NbgraderFailed` if an nbgrader API call (``what``) did not succeed."""
    if not outcome.get("success"):
        raise _errors(f"nbgrader's {what}", f"{outcome.get('error') or ''}\n{outcome.get('log') or ''}")
