"""nbgrader, run for a course: its commands in a subprocess, and its Python API."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

from nbgrader.apps.api import NbGraderAPI

from ..errors import NbgraderFailed
from .course import Course
from .kernels import PROMPT_KERNEL_MANAGER
from .sandbox import warm
from .sandbox.limits import Limits


def environment() -> dict[str, str]:
    """This environment, with this Python's scripts first on PATH (nbgrader runs `alembic`)."""
    scripts = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": os.pathsep.join([scripts, os.environ.get("PATH", "")])}


def nbgrader(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader ARGS`` in ``folder`` with this Python; raise :class:`NbgraderFailed` if it fails."""
    command = [sys.executable, "-m", "nbgrader", *args]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=environment())
    if check and done.returncode != 0:
        lines = (done.stdout + done.stderr).strip().splitlines()
        errors = [line for line in lines if "ERROR" in line or "Error" in line] or lines[-10:]
        raise NbgraderFailed(f"`nbgrader {' '.join(args)}` failed: " + " | ".join(errors[-6:]))
    return done


def run_nbgrader(course: Course, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader ARGS`` for the course, making the folders it expects first."""
    course.make_folders()
    return nbgrader(course.root, *args, check=check)


def nbgrader_api(course: Course, kernel_manager: str | None = None) -> NbGraderAPI:
    """nbgrader's own Python API for the course (what the Formgrader uses).

    With ``kernel_manager`` (a class path), every kernel it starts is started by that class.
    This process's PATH gains this Python's scripts, since nbgrader runs `alembic` to make a gradebook.
    """
    os.environ["PATH"] = environment()["PATH"]
    course.make_folders()
    config = copy.deepcopy(course.config)
    if kernel_manager:
        config.Execute.kernel_manager_class = kernel_manager
    return NbGraderAPI(course.directory, config=config)


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
        said = f"{outcome.get('error') or ''}\n{outcome.get('log') or ''}".strip().splitlines()
        errors = [line for line in said if "ERROR" in line or "Error" in line] or said[-6:]
        raise NbgraderFailed(f"nbgrader's {what} failed: " + " | ".join(errors[-6:]))
