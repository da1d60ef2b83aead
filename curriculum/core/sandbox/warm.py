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
from pathlib import Path

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
                   "--perms", "0755", "--dir", str(forkserver.HOME), "--chdir", "/",
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
            raise KernelServerError(f"the warm kernel server could not start: {ready}")
        self.unimported: list[str] = list(ready.get("failed", []))

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
    """Stop this process's fork server, if it runs."""
    global _server
    if _server is not None:
        _server.close()
        _server = None


def _current() -> ForkServer:
    if _server is None:
        raise KernelServerError("no warm kernel server runs in this process; call start_server first")
    return _server


class WarmProvisioner(LocalProvisioner):  # type: ignore[misc]
    """Starts a kernel by asking the fork server for one, in a fresh folder of its own."""

    folder: Path | None = None
    kernel_pid: int | None = None
    _held: ExitStack | None = None

    async def pre_launch(self, **kwargs: t.Any) -> dict[str, t.Any]:
        """Make the kernel's folder and point the connection there (ipc sockets, not tcp)."""
        manager = self.parent
        self.folder = _current().root / secrets.token_hex(12)
        self.folder.mkdir(mode=0o700)
        manager.transport = "ipc"
        manager.ip = str(self.folder / "kernel")
        manager.connection_file = str(self.folder / "connection.json")
        return await super().pre_launch(**kwargs)

    async def launch_kernel(self, cmd: list[str], **kwargs: t.Any) -> dict[str, t.Any]:
        """Copy the notebook's folder into the kernel's, then fork the kernel as a free uid."""
        assert self.folder is not None
        if LAUNCHER not in cmd:
            raise KernelServerError(f"warm kernels run ipykernel only; this kernel's command is {cmd}")
        shutil.copytree(kwargs.get("cwd") or os.getcwd(), self.folder / "work", symlinks=True)
        inside = {**self.connection_info, "ip": str(forkserver.HOME / "kernel")}
        inside["key"] = inside["key"].decode() if isinstance(inside["key"], bytes) else inside["key"]
        (self.folder / "kernel.json").write_text(json.dumps(inside), encoding="utf-8")
        argv = [str(forkserver.HOME / "kernel.json") if arg == self.parent.connection_file else arg
                for arg in cmd[cmd.index(LAUNCHER) + 1:]]
        self._held = ExitStack()
        uid = self._held.enter_context(free_uid())
        own(self.folder, uid)
        self.kernel_pid = int(_current().ask(start=self.folder.name, uid=uid, argv=argv)["pid"])
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
        self.kernel_pid = None
        return status

    async def send_signal(self, signum: int) -> None:
        """Stop the kernel for SIGKILL or SIGTERM (interrupts go as messages, so no other signal is sent)."""
        if self.kernel_pid is not None and signum in (signal.SIGKILL, signal.SIGTERM):
            _current().ask(stop=self.kernel_pid)

    async def kill(self, restart: bool = False) -> None:
        await self.send_signal(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        await self.send_signal(signal.SIGTERM)

    async def cleanup(self, restart: bool = False) -> None:
        """Give back the uid and remove the kernel's folder."""
        if self._held is not None:
            self._held.close()
            self._held = None
        if self.folder is not None and not restart:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


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
