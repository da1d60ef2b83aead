"""Running real nbgrader commands for a course directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


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
