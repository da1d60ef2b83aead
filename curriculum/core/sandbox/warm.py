"""Warm sandboxed kernels: one fork server per grading process, one forked kernel per learner.

The fork server (:mod:`.forkserver`) runs inside bubblewrap and has imported ipykernel and the
course's libraries once; each learner's kernel is a fresh child of it, with its own namespaces,
folder, uid, limits and seccomp filter (see :mod:`.forkserver`). :class:`WarmKernelManager` is a
jupyter_client kernel manager whose kernels come from that server, so nbgrader and nbclient use it
like any other. It needs root (distinct uids and namespaces); :func:`possible` says whether it can run.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import typing as t
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.connect import write_connection_file
from jupyter_client.provisioning import LocalProvisioner

from ..kernels import PromptKernelManager
from ...errors import KernelServerError
from . import available, forkserver, launch
from .limits import Limits, free_uid, own

CAPABILITIES = ("CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_NET_ADMIN", "CAP_DAC_OVERRIDE", "CAP_KILL")
LAUNCHER = "ipykernel_launcher"


def possible() -> bool:
    """True when warm kernels can run here: bubblewrap is installed and the grader is root."""
    return available() and os.geteuid() == 0


class ForkServer:
    """A running fork server, in its own sandbox, and the pipe that talks to it."""

    def __init__(self, limits: Limits, modules: t.Sequence[str]) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="curriculum-kernels-"))
        self.root.chmod(0o711)  # kernels may pass through it to their own folder, but not list it
        command = [*launch.isolation([("--bind", self.root, forkserver.ROOT)], own_user=True),
                   "--perms", "0755", "--dir", str(forkserver.HOME), "--perms", "0700", "--dir", str(forkserver.KEEP),
                   "--chdir", "/",
                   *(arg for name, value in forkserver.ENVIRONMENT.items() for arg in ("--setenv", name, value)),
                   *(arg for cap in CAPABILITIES for arg in ("--cap-add", cap)),
                   "--", sys.executable, "-m", forkserver.__name__, limits.as_argument(), *modules]
        self._log = open(self.root / "server.log", "w+b")  # noqa: SIM115 (open for the server's life)
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self._log, close_fds=True, text=True, bufsize=1)
        self._lock = threading.Lock()
        ready = self._reply()
        if not ready.get("ready"):
            self.close()
            if ready.get("threads"):
                raise KernelServerError(
                    f"the warm kernel server could not start: importing {', '.join(ready['threads'])} started a "
                    f"thread, and a process with threads cannot safely fork kernels. Take it out of "
                    f"c.Curriculum.warm_imports in nbgrader_config.py.")
            raise KernelServerError(f"the warm kernel server could not start: {ready}")

    def _reply(self) -> dict[str, t.Any]:
        line = self._process.stdout.readline() if self._process.stdout else ""
        if not line:
            self._log.seek(0)
            said = self._log.read().decode(errors="replace").strip().splitlines()[-5:]
            raise KernelServerError(f"the warm kernel server stopped: {' | '.join(said) or 'no message'}")
        return json.loads(line)

    def ask(self, **request: t.Any) -> dict[str, t.Any]:
        """Send one request and return its reply."""
        with self._lock:
            assert self._process.stdin is not None
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            return self._reply()

    def close(self) -> None:
        """Stop the server (its kernels die with it) and remove its folders."""
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._log.close()
        shutil.rmtree(self.root, ignore_errors=True)


_server: ForkServer | None = None


def start_server(limits: Limits, modules: t.Sequence[str]) -> ForkServer:
    """Start this process's fork server (once); kernels of :class:`WarmKernelManager` come from it."""
    global _server
    if _server is None:
        _server = ForkServer(limits, modules)
        atexit.register(stop_server)
    return _server


def stop_server() -> None:
    """Stop this process's fork server, if it runs, and with it every kernel it started."""
    global _server, _spare
    if _server is not None:
        _server.close()
        _server = None
    if _spare is not None:
        _spare.release()
        _spare = None


def _current() -> ForkServer:
    if _server is None:
        raise KernelServerError("no warm kernel server runs in this process; call start_server first")
    return _server


@dataclass
class Kernel:
    """A kernel's folder (its connection, sockets and, once handed out, the notebook's files) and its uid.

    ``pid`` is set once the fork server has started it, with ``argv``.
    """

    folder: Path
    info: dict[str, t.Any]
    held: ExitStack
    uid: int
    pid: int | None = None
    argv: list[str] | None = None

    @classmethod
    def make(cls) -> Kernel:
        """A fresh folder with its connection file (ipc sockets inside it), owned by a free uid."""
        folder = _current().root / secrets.token_hex(12)
        (folder / "work").mkdir(parents=True, mode=0o700)
        _, info = write_connection_file(str(folder / "connection.json"), transport="ipc", ip=str(folder / "kernel"))
        inside = {**info, "ip": str(forkserver.HOME / "kernel")}
        (folder / "kernel.json").write_text(json.dumps(inside), encoding="utf-8")
        held = ExitStack()
        uid = held.enter_context(free_uid())
        own(folder, uid)
        return cls(folder, info, held, uid)

    def start(self, argv: list[str]) -> Kernel:
        """Ask the fork server to start this kernel with ipykernel's arguments ``argv``."""
        self.pid, self.argv = int(_current().ask(start=self.folder.name, uid=self.uid, argv=argv)["pid"]), argv
        return self

    def release(self) -> None:
        """Give back the uid and remove the folder (the kernel must have ended)."""
        self.held.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_spare: Kernel | None = None  # started ahead, while the last notebook is graded; taken by the next one


class WarmProvisioner(LocalProvisioner):  # type: ignore[misc]
    """Gives each kernel manager a warm kernel: the one started ahead if it fits, else a fresh one.

    Each kernel has a fresh folder, and its own uid; the notebook's files are copied into its
    folder when it is handed out. Handing one out starts the next one.
    """

    kernel: Kernel | None = None

    @property
    def kernel_pid(self) -> int | None:
        """The kernel's process, as the fork server knows it (None when there is none)."""
        return self.kernel.pid if self.kernel else None

    async def pre_launch(self, **kwargs: t.Any) -> dict[str, t.Any]:
        """Take the spare kernel's folder (or make one), and point the connection there."""
        global _spare
        self._use(_spare or Kernel.make())
        _spare = None
        return await super().pre_launch(**kwargs)

    def _use(self, kernel: Kernel) -> None:
        """Make ``kernel`` this manager's kernel: its connection is the manager's."""
        self.kernel = kernel
        self.parent.load_connection_info(kernel.info)
        self.parent.connection_file = str(kernel.folder / "connection.json")

    async def launch_kernel(self, cmd: list[str], **kwargs: t.Any) -> dict[str, t.Any]:
        """Copy the notebook's folder in, start the kernel unless it already runs as asked, then the next one."""
        global _spare
        assert self.kernel is not None
        if LAUNCHER not in cmd:
            raise KernelServerError(f"warm kernels run ipykernel only; this kernel's command is {cmd}")
        argv = [str(forkserver.HOME / "kernel.json") if arg == self.parent.connection_file else arg
                for arg in cmd[cmd.index(LAUNCHER) + 1:]]
        if self.kernel.pid is not None and self.kernel.argv != argv:  # started for other arguments
            await self._stop()
            self._use(Kernel.make())
        shutil.copytree(kwargs.get("cwd") or os.getcwd(), self.kernel.folder / "work", symlinks=True,
                        dirs_exist_ok=True)
        own(self.kernel.folder / "work", self.kernel.uid)
        if self.kernel.pid is None:
            self.kernel.start(argv)
        _spare = Kernel.make().start(argv)
        return self.connection_info

    @property
    def has_process(self) -> bool:
        return self.kernel_pid is not None

    async def poll(self) -> int | None:
        if self.kernel_pid is None:
            return 0
        return _current().ask(poll=self.kernel_pid)["status"]

    async def wait(self) -> int | None:
        while (status := await self.poll()) is None:
            await asyncio.sleep(0.02)
        if self.kernel is not None:
            self.kernel.pid = None
        return status

    async def send_signal(self, signum: int) -> None:
        """Stop the kernel for SIGKILL or SIGTERM (interrupts go as messages, so no other signal is sent)."""
        if self.kernel_pid is not None and signum in (signal.SIGKILL, signal.SIGTERM):
            _current().ask(stop=self.kernel_pid)

    async def _stop(self) -> None:
        await self.send_signal(signal.SIGKILL)
        await self.wait()
        if self.kernel is not None:
            self.kernel.release()

    async def kill(self, restart: bool = False) -> None:
        await self.send_signal(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        await self.send_signal(signal.SIGTERM)

    async def cleanup(self, restart: bool = False) -> None:
        """Give back the uid and remove the kernel's folder."""
        if self.kernel is not None and not restart:
            self.kernel.release()
            self.kernel = None


class WarmKernelManager(PromptKernelManager):
    """A kernel manager whose kernels are forked, warm, by this process's fork server."""

    async def _async_pre_start_kernel(self, **kw: t.Any) -> tuple[list[str], dict[str, t.Any]]:
        self.kernel_spec.interrupt_mode = "message"  # signals to the fork server's child would not reach it
        if self.provisioner is None:
            self.provisioner = WarmProvisioner(kernel_id=self.kernel_id or "", kernel_spec=self.kernel_spec,
                                               parent=self)
        return await super()._async_pre_start_kernel(**kw)


#: The class, as nbgrader's ``Execute.kernel_manager_class`` setting names it.
WARM_KERNEL_MANAGER = f"{WarmKernelManager.__module__}.{WarmKernelManager.__qualname__}"
