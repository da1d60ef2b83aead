"""Running real nbgrader commands for a course directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader


class NbgraderFailed(RuntimeError):
    """An nbgrader command exited with an error."""


def environment() -> dict[str, str]:
    """This environment, with this Python's scripts first on PATH (nbgrader runs `alembic`)."""
    scripts = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": os.pathsep.join([scripts, os.environ.get("PATH", "")])}


def run_nbgrader(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader ARGS`` in the course ``root`` with this Python; raise if it fails."""
    command = [sys.executable, "-m", "nbgrader", *args]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=environment())
    if check and done.returncode != 0:
        lines = (done.stdout + done.stderr).strip().splitlines()
        errors = [line for line in lines if "ERROR" in line or "Error" in line] or lines[-10:]
        raise NbgraderFailed(f"`nbgrader {' '.join(args)}` failed: " + " | ".join(errors[-6:]))
    return done


def load_config(root: Path) -> Config:
    """The course's nbgrader configuration, read from its nbgrader_config.py."""
    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def nbgrader_api(root: Path, sandbox: bool = False) -> NbGraderAPI:
    """nbgrader's own Python API for the course in ``root`` (what formgrader uses).

    With ``sandbox``, every kernel it starts runs in the bubblewrap sandbox.
    """
    config = load_config(root)
    if sandbox:
        config.Execute.kernel_manager_class = "curriculum.sandbox.manager.SandboxKernelManager"
    return NbGraderAPI(CourseDirectory(config=config), config=config)


@event.listens_for(Engine, "connect")
def _wait_for_locks(connection: Any, _record: Any) -> None:
    """Let SQLite gradebook writers wait for each other instead of failing with 'database is locked'."""
    if type(connection).__module__.startswith("sqlite3"):
        connection.execute("PRAGMA busy_timeout = 120000")
