"""The warm parent of sandboxed grading kernels. Run inside bubblewrap, as root: python -m ...forkserver LIMITS

It imports ipykernel and the libraries the course uses once, then forks one kernel per request.
Requests come one JSON object per line on standard input; each gets one line of reply:

    {"start": FOLDER, "uid": UID, "argv": [...]}  -> {"pid": PID}   a kernel for FOLDER (a name under ROOT)
    {"poll": PID}                                 -> {"status": CODE}  (null while it runs)
    {"stop": PID}                                 -> {"ok": true}     kill the kernel and all it started

Each kernel is a fresh child process that, before any learner code runs, enters new mount, pid,
network, ipc and uts namespaces; sees its own folder as HOME and nothing of any other learner's;
gets a private /tmp and /proc; drops to its own uid with no capabilities and no new privileges;
takes the limits and the seccomp filter; and only then makes its sockets and event loop.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import sys
import traceback
from pathlib import Path
from typing import NoReturn

from . import launch, linux, seccomp
from .limits import Limits, set_limits

ROOT = Path("/sandboxes")        # every kernel's folder, by a random name; only root may list it
HOME = Path("/home/learner")     # where a kernel sees its own folder
KEEP = Path("/run/keep")         # where a kernel's mounts wait while its /tmp is replaced
NAMESPACES = linux.CLONE_NEWNS | linux.CLONE_NEWPID | linux.CLONE_NEWNET | linux.CLONE_NEWIPC | linux.CLONE_NEWUTS
ENVIRONMENT = {"HOME": str(HOME), "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp",
               "PYTHONDONTWRITEBYTECODE": "1", "MALLOC_ARENA_MAX": "2", "OPENBLAS_NUM_THREADS": "1",
               "OMP_NUM_THREADS": "1"}


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


def warm_up(modules: list[str]) -> list[str]:
    """Import ``modules``; one that fails is skipped, and named in the server's log.

    Gives the modules whose import started a thread (a server with threads must not fork).
    """
    threaded = []
    for name in modules:
        before = _threads()
        try:
            importlib.import_module(name)
        except Exception as error:  # a course without pandas still grades: its kernels import less
            print(f"not imported ahead: {name} ({type(error).__name__})", file=sys.stderr)
        if _threads() > before:
            threaded.append(name)
    return threaded


def _enter(folder: str, uid: int, limits: Limits) -> None:
    """In the kernel's own namespaces, as root: its view of the files, then its uid, limits and filter."""
    linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
    linux.mount("proc", "/proc", "proc", linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC)
    _private_tmp(limits)
    linux.mount(str(ROOT / folder), str(HOME), None, linux.MS_BIND)
    linux.mount("tmpfs", str(ROOT), "tmpfs", linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC, "mode=0755,size=4k")
    linux.loopback_up()
    socket.sethostname("sandbox")
    log = os.open(HOME / "kernel.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    quiet = os.open(os.devnull, os.O_RDONLY)
    os.dup2(quiet, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.closerange(3, 1024)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    set_limits(limits, own_uid=True)
    linux.no_new_privileges()
    program = seccomp.program()
    if program is not None:
        linux.install_seccomp(program)
    os.environ.clear()
    os.environ.update(ENVIRONMENT, PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin")
    os.chdir(HOME / "work")


def _private_tmp(limits: Limits) -> None:
    """A fresh /tmp of the kernel's own; Python or the toolkit, if they live under /tmp, stay in place (read-only)."""
    kept = [path for path in launch.python_paths() if path.is_relative_to("/tmp")]
    linux.mount("tmpfs", str(KEEP), "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, "mode=0700,size=4k")
    for number, path in enumerate(kept):
        (KEEP / str(number)).mkdir()
        linux.mount(str(path), str(KEEP / str(number)), None, linux.MS_BIND | linux.MS_REC)
    linux.mount("tmpfs", "/tmp", "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, f"mode=1777,size={limits.file_size}")
    for number, path in enumerate(kept):
        path.mkdir(parents=True, exist_ok=True)
        linux.mount(str(KEEP / str(number)), str(path), None, linux.MS_BIND | linux.MS_REC)
        linux.mount(None, str(path), None, linux.MS_BIND | linux.MS_REMOUNT | linux.MS_RDONLY)


def _kernel(argv: list[str]) -> NoReturn:
    """Become an ipykernel with ``argv`` (ipykernel's own arguments), until it is shut down."""
    from ipykernel.kernelapp import IPKernelApp

    sys.argv = [sys.executable, "-m", "ipykernel_launcher", *argv]
    sys.path[:] = [p for p in sys.path if p not in ("", ".")]
    app = IPKernelApp.instance()
    app.initialize(argv)
    app.start()
    os._exit(0)


def _child(folder: str, uid: int, argv: list[str], limits: Limits) -> NoReturn:
    """Runs in the forked child: new namespaces, then a grandchild that becomes the kernel."""
    try:
        linux.die_with_parent()
        os.setsid()
        quiet = os.open(os.devnull, os.O_RDWR)
        os.dup2(quiet, 0)
        os.dup2(quiet, 1)  # the request and reply pipes stay the fork server's alone
        linux.unshare(NAMESPACES)
        kernel = os.fork()
        if kernel:  # this process waits for the kernel; told to stop, it kills the kernel's whole namespace
            signal.signal(signal.SIGTERM, lambda *_: os.kill(kernel, signal.SIGKILL))
            _, status = os.waitpid(kernel, 0)  # returns once every process of the namespace is gone
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
        linux.die_with_parent()
        _enter(folder, uid, limits)
        _kernel(argv)
    except BaseException:
        traceback.print_exc()
    os._exit(70)


class Server:
    """The fork server's state: the kernels it started and how each one ended."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.ended: dict[int, int] = {}

    def answer(self, request: dict[str, object]) -> dict[str, object]:
        """The reply to one request."""
        if "start" in request:
            pid = os.fork()
            if pid == 0:
                _child(str(request["start"]), int(request["uid"]), list(request["argv"]), self.limits)
            return {"pid": pid}
        if "poll" in request:
            return {"status": self.status(int(request["poll"]))}
        if "stop" in request:
            try:
                os.kill(int(request["stop"]), signal.SIGTERM)
            except ProcessLookupError:
                pass
            return {"ok": True}
        return {"error": f"unknown request {sorted(request)}"}

    def status(self, pid: int) -> int | None:
        """The exit code of kernel ``pid``, or None while it runs."""
        if pid not in self.ended:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # not a kernel of this server
                return -1
            if not done:
                return None
            self.ended[pid] = os.waitstatus_to_exitcode(status)
        return self.ended[pid]


def serve(limits: Limits, modules: list[str]) -> int:
    """Warm up, say so, then answer requests until standard input closes."""
    threaded = warm_up(modules)
    ready = _threads() == 1
    print(json.dumps({"ready": ready, "threads": threaded}), flush=True)
    if not ready:  # forking a process with threads is not safe: refuse, and the grader says why
        return 1
    server = Server(limits)
    for line in sys.stdin:
        print(json.dumps(server.answer(json.loads(line))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(serve(Limits(**json.loads(sys.argv[1])), sys.argv[2:]))
