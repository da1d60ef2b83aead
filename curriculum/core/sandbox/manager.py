"""The kernel manager the grader uses to start each learner's kernel in the sandbox."""

from __future__ import annotations

import shutil
import sys
import tempfile
import typing as t
from pathlib import Path


from ..kernels import PromptKernelManager
from ..settings import Curriculum
from . import launch
from .limits import Limits


class SandboxKernelManager(PromptKernelManager):
    """Starts the kernel through :mod:`.launch`, talking over ``ipc`` in a private folder.

    Across the sandbox's own network namespace, tcp cannot reach the kernel; unix sockets in a
    folder mounted into the sandbox can. Interrupts go as messages, since signals to the launcher
    would not reach the kernel.
    """

    _runtime: Path | None = None

    async def _async_pre_start_kernel(self, **kw: t.Any) -> tuple[list[str], dict[str, t.Any]]:
        self._runtime = Path(tempfile.mkdtemp(prefix="curriculum-sandbox-"))
        self.transport = "ipc"
        self.ip = str(self._runtime / "kernel")
        self.connection_file = str(self._runtime / "connection.json")
        self.kernel_spec.interrupt_mode = "message"
        command, kw = await super()._async_pre_start_kernel(**kw)
        launcher = [sys.executable, "-m", launch.__name__, str(self._runtime), self.limits().as_argument(), "--"]
        return launcher + command, kw

    def limits(self) -> Limits:
        """The hard limits of the kernels this manager starts, from the course's ``c.Curriculum.sandbox_*``."""
        return Limits.of(Curriculum(config=self.config))

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self._runtime is not None and not restart:
            shutil.rmtree(self._runtime, ignore_errors=True)
            self._runtime = None


#: The class, as nbgrader's ``Execute.kernel_manager_class`` setting names it.
KERNEL_MANAGER = f"{SandboxKernelManager.__module__}.{SandboxKernelManager.__qualname__}"
