"""Grading learner code in a sandbox made with bubblewrap.

The grader's kernels start through :mod:`.launch`, which runs ipykernel inside bubblewrap:
no network (only its own loopback), a private copy of the learner's own folder, read-only
Python and toolkit and nothing else of the course, its own unprivileged uid (when grading as
root), no new privileges, no new namespaces, hard limits (``c.Curriculum.sandbox_*``), and no
inherited descriptors. The kernel talks to the grader over jupyter_client's ``ipc`` transport,
in a private folder.
"""

from __future__ import annotations

import shutil

from ...errors import MissingTool

BWRAP = "bwrap"
INSTALL = "Install it with `sudo apt-get install bubblewrap`"


def available() -> bool:
    """True when bubblewrap can be found on PATH."""
    return shutil.which(BWRAP) is not None


def require() -> None:
    """Raise :class:`MissingTool`, saying what to do, when bubblewrap is not installed."""
    if not available():
        raise MissingTool(f"bubblewrap is not installed, so learner code cannot be sandboxed. {INSTALL}, "
                          "or grade without a sandbox with --no-sandbox (learner code then runs as you, "
                          "and can read everything you can).")
