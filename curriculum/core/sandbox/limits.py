"""Hard limits on one learner's kernel, and the uids that keep kernels apart."""

from __future__ import annotations

import fcntl
import json
import os
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from ..settings import Curriculum

UIDS = range(61000, 61256)
LOCKS = Path("/tmp/curriculum-sandbox-uids")


@dataclass(frozen=True)
class Limits:
    """Hard limits for one learner's kernel (set as ``c.Curriculum.sandbox_*``)."""

    memory: int                   # address space, in bytes
    cpu_seconds: int              # computer time for the whole notebook
    processes: int                # per uid (each kernel has its own uid when grading as root)
    file_size: int                # largest file it may write, in bytes
    open_files: int

    @classmethod
    def of(cls, settings: Curriculum) -> Limits:
        """The limits a course sets (``c.Curriculum.sandbox_*``)."""
        return cls(settings.sandbox_memory, settings.sandbox_cpu_seconds, settings.sandbox_processes,
                   settings.sandbox_file_size, settings.sandbox_open_files)

    def as_argument(self) -> str:
        """The limits as one command-line argument."""
        return json.dumps(asdict(self))


@contextmanager
def free_uid() -> Iterator[int]:
    """Hold an unprivileged uid that no other sandboxed kernel is using, until the kernel ends.

    A uid that still has processes (a kernel's last ones, not yet gone) is passed over, so that
    no kernel starts with another's processes counted against its limit.
    """
    LOCKS.mkdir(mode=0o700, exist_ok=True)
    for uid in UIDS:
        handle = open(LOCKS / str(uid), "w")  # noqa: SIM115 (held for the kernel's whole life)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        if _processes_of(uid):
            handle.close()
            continue
        try:
            yield uid
        finally:
            handle.close()
        return
    raise RuntimeError(f"all {len(UIDS)} sandbox uids are in use")  # more kernels than a machine can run


def set_limits(limits: Limits, own_uid: bool) -> None:
    """Apply ``limits`` to this process; with ``own_uid`` False the uid is shared with the grader's processes."""
    pairs = [(resource.RLIMIT_AS, limits.memory), (resource.RLIMIT_CPU, limits.cpu_seconds),
             (resource.RLIMIT_FSIZE, limits.file_size), (resource.RLIMIT_NOFILE, limits.open_files),
             (resource.RLIMIT_CORE, 0)]
    if own_uid:
        pairs.append((resource.RLIMIT_NPROC, limits.processes))
    else:  # allow the uid's current processes and some more
        pairs.append((resource.RLIMIT_NPROC, _processes_of(os.getuid()) + limits.processes))
    for kind, value in pairs:
        resource.setrlimit(kind, (value, value))


def _processes_of(uid: int) -> int:
    count = 0
    for entry in Path("/proc").iterdir():
        try:
            count += entry.name.isdigit() and entry.stat().st_uid == uid
        except OSError:
            continue
    return count


def own(folder: Path, uid: int) -> None:
    """Give ``folder`` and everything in it to ``uid``."""
    for path in [folder, *folder.rglob("*")]:
        os.lchown(path, uid, uid)
