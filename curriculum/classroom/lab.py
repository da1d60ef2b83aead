"""Starting the classroom: JupyterLab with nbgrader's extensions, offline, on this computer only.

The instructor's JupyterLab runs in the course folder. For a demonstration, or a classroom on one
machine, learner views can run beside it: one JupyterLab per learner, each on its own loopback
port, in its own folder under grading/learners/, with its own student id and exchange cache.
"""

from __future__ import annotations

import re
import secrets
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..core.course import Course
from ..core.engine import environment
from ..errors import ClassroomError
from ..core import sandbox
from ..core.sandbox.manager import KERNEL_MANAGER

HOST = "127.0.0.1"
CONFIG = Path(__file__).parent / "lab_settings" / "jupyter_server_config.py"
LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

LEARNER_CONFIG = '''\
"""nbgrader settings of the learner {student} (made by `curriculum classroom`)."""

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{course_id}"
c.CourseDirectory.student_id = "{student}"
c.Exchange.root = "{exchange}"
c.Exchange.cache = "{cache}"
c.Exchange.path_includes_course = True
'''


def free_port(start: int, tries: int = 50, taken: set[int] | None = None) -> int:
    """The first port from ``start`` on which nothing listens on 127.0.0.1."""
    for port in range(start, start + tries):
        if taken and port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise ClassroomError(f"Ports {start} to {start + tries - 1} are all in use. Stop another server, "
                         "or choose a port with --port.")


@dataclass(frozen=True)
class View:
    """One JupyterLab to start: whose it is, where it runs, and how to log in."""

    who: str
    folder: Path
    port: int
    token: str
    workspaces: Path

    @property
    def url(self) -> str:
        """The address to open, with the login token."""
        return f"http://{HOST}:{self.port}/lab?token={self.token}"


def learner_folder(course: Course, learner: str) -> Path:
    """A learner's own folder, with nbgrader settings that make them that learner."""
    if not LEARNER_ID.match(learner):
        raise ClassroomError(f"`{learner}` cannot be a learner id: use letters, digits, '.', '_' or '-'")
    folder = course.grading_dir / "learners" / learner
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text(LEARNER_CONFIG.format(
        course_id=course.directory.course_id, student=learner, exchange=course.exchange_dir,
        cache=folder / ".exchange-cache"), encoding="utf-8")
    return folder


def lab_command(view: View) -> list[str]:
    """The JupyterLab command line; the settings file keeps it on loopback and offline.

    In the instructor's view, the Formgrader's autograde button runs learner code in the
    sandbox too, when bubblewrap is installed. Learners' own kernels and Validate are not sandboxed.
    """
    command = [sys.executable, "-m", "jupyter", "lab", f"--config={CONFIG}", f"--ServerApp.port={view.port}",
               f"--ServerApp.root_dir={view.folder}", f"--IdentityProvider.token={view.token}",
               f"--LabApp.workspaces_dir={view.workspaces}"]
    if view.who == "instructor" and sandbox.available():
        command.append(f"--Execute.kernel_manager_class={KERNEL_MANAGER}")
    return command


def plan(course: Course, port: int, token: str | None = None, learners: tuple[str, ...] = ()) -> list[View]:
    """The instructor's view, then one view per learner, each on a free port.

    Each view keeps its own layout of tabs (its workspace), so no one opens to another person's tabs.
    """
    taken: set[int] = set()
    views = []
    for who, folder in [("instructor", course.root), *((s, learner_folder(course, s)) for s in learners)]:
        chosen = free_port(port, taken=taken)
        taken.add(chosen)
        views.append(View(who, folder, chosen, token or secrets.token_hex(16),
                          course.grading_dir / "workspaces" / who))
    return views


def banner(views: list[View]) -> str:
    """What the instructor reads when the classroom is up."""
    lines = ["", "The Code Forward classroom is starting. Open an address in the browser on this computer:", ""]
    lines += [f"    {view.who:<12} {view.url}" for view in views]
    if not sandbox.available():
        lines += ["", "Note: bubblewrap is not installed, so the Formgrader's autograde button runs learner "
                  f"code as you. {sandbox.INSTALL}."]
    return "\n".join(lines + ["", "Stop it with Ctrl + C.", ""])


def start(course: Course, port: int, token: str | None = None, learners: tuple[str, ...] = ()) -> int:
    """Run the classroom until it is stopped; return JupyterLab's exit code."""
    course.make_folders()
    views = plan(course, port, token, learners)
    print(banner(views), flush=True)
    processes = [subprocess.Popen(lab_command(v), cwd=v.folder, stdin=subprocess.DEVNULL, env=environment())
                 for v in views]
    try:
        return max(p.wait() for p in processes)
    except KeyboardInterrupt:
        return 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
