"""A kernel client that never sleeps through a message, and a kernel manager that uses it.

jupyter_client's asyncio channels wait for a message with one long ``poll``. Under load that
wait can miss its wake-up: a cell's reply has arrived, yet the client waits out the whole cell
timeout (seen with ipywidgets' ``interact``, whose cells send many messages). These channels
poll in short steps instead, so a missed wake-up costs at most one step. The client also asks a
new kernel whether it is ready every 20 ms, not every second.
"""

from __future__ import annotations

import time
import typing as t
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type

STEP = 0.1     # longest single wait for a message, in seconds
READY_STEP = 0.02


class PromptChannel(AsyncZMQSocketChannel):
    """A channel whose waits are many short polls, never one long one."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, t.Any]:
        """The next message; raise :class:`queue.Empty` if none comes within ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            step = STEP if deadline is None else max(0.0, min(STEP, deadline - time.monotonic()))
            if await self.socket.poll(step * 1000):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class PromptClient(AsyncKernelClient):
    """An asyncio kernel client on :class:`PromptChannel` s."""

    shell_channel_class = Type(PromptChannel)
    iopub_channel_class = Type(PromptChannel)
    stdin_channel_class = Type(PromptChannel)
    control_channel_class = Type(PromptChannel)

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return once the kernel answers on its shell channel and its output channel is connected."""
        deadline = time.monotonic() + (timeout if timeout is not None else 60)
        while time.monotonic() < deadline:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=READY_STEP)
                if reply["msg_type"] == "kernel_info_reply":
                    await self.iopub_channel.get_msg(timeout=READY_STEP)
                    self._handle_kernel_info_reply(reply)
                    return
            except Empty:
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info") from None
        raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")


class PromptKernelManager(AsyncKernelManager):
    """jupyter_client's asyncio kernel manager, with :class:`PromptClient` as its client."""

    client_class = DottedObjectName(f"{__name__}.PromptClient")
    client_factory = Type(klass=PromptClient)


#: The class, as nbgrader's and nbclient's ``kernel_manager_class`` settings name it.
PROMPT_KERNEL_MANAGER = f"{PromptKernelManager.__module__}.{PromptKernelManager.__qualname__}"
