"""Starting the classroom: JupyterLab with nbgrader's extensions, offline, on this computer only."""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
from pathlib import Path

from .course import Course

HOST = "127.0.0.1"
CONFIG = Path(__file__).parent / "lab" / "jupyter_server_config.py"


def free_port(start: int, tries: int = 50) -> int:
    """The first port from ``start`` on which nothing listens on 127.0.0.1."""
    for port in range(start, start + tries):
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"Ports {start} to {start + tries - 1} are all in use. Stop another server, "
                       "or choose a port with --port.")


def lab_command(course: Course, port: int, token: str) -> list[str]:
    """The JupyterLab command line; the settings file keeps it on loopback and offline."""
    return [
        sys.executable, "-m", "jupyter", "lab",
        f"--config={CONFIG}",
        f"--ServerApp.port={port}",
        f"--ServerApp.root_dir={course.root}",
        f"--IdentityProvider.token={token}",
    ]


def banner(port: int, token: str) -> str:
    """What the instructor reads when the classroom is up."""
    return (f"\nThe Code Forward classroom is starting.\n"
            f"Open this address in the browser on this computer:\n\n"
            f"    http://{HOST}:{port}/lab?token={token}\n\n"
            f"Stop it with Ctrl + C.\n")


def start(course: Course, port: int = 8888, token: str | None = None) -> int:
    """Run the classroom until it is stopped; return JupyterLab's exit code."""
    port = free_port(port)
    token = token or secrets.token_hex(16)
    print(banner(port, token), flush=True)
    try:
        return subprocess.call(lab_command(course, port, token), cwd=course.root)
    except KeyboardInterrupt:
        return 0
