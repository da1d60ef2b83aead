"""Start one kernel inside bubblewrap. Run as: python -m curriculum.classroom.sandbox.launch RUNTIME LIMITS -- KERNEL...

The grader's kernel manager starts this in the learner's notebook folder. It copies that
folder into the private RUNTIME folder, picks a free unprivileged uid (as root), sets the
limits, and runs the kernel command in the sandbox until it ends.
"""

from __future__ import annotations

import fcntl
import json
import os
import resource
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import curriculum

from . import BWRAP, seccomp

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

    def as_argument(self) -> str:
        """The limits as one command-line argument of the launcher."""
        return json.dumps(asdict(self))


@contextmanager
def free_uid() -> Iterator[int]:
    """Hold an unprivileged uid that no other sandboxed kernel is using, until the kernel ends."""
    LOCKS.mkdir(mode=0o700, exist_ok=True)
    for uid in UIDS:
        handle = open(LOCKS / str(uid), "w")  # noqa: SIM115 (held for the kernel's whole life)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield uid
        finally:
            handle.close()
        return
    raise RuntimeError(f"all {len(UIDS)} sandbox uids are in use")  # more kernels than a machine can run


def _set_limits(limits: Limits, as_root: bool) -> None:
    pairs = [(resource.RLIMIT_AS, limits.memory), (resource.RLIMIT_CPU, limits.cpu_seconds),
             (resource.RLIMIT_FSIZE, limits.file_size), (resource.RLIMIT_NOFILE, limits.open_files),
             (resource.RLIMIT_CORE, 0)]
    if as_root:
        pairs.append((resource.RLIMIT_NPROC, limits.processes))
    else:  # the uid is shared with the grader's own processes: allow its current ones and some more
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


def _mounts(binds: list[tuple[str, Path, Path]]) -> list[str]:
    """bwrap arguments for (kind, source, target) mounts, making each parent folder first (mode 0755).

    Folders bubblewrap makes itself are private to root, which the kernel's uid could not pass through.
    """
    args: list[str] = []
    made: set[Path] = {Path("/"), Path("/tmp")}
    for kind, source, target in binds:
        for parent in reversed(target.parents):
            if parent not in made and parent.parts[1:2] != ("usr",):
                args += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        args += [kind, str(source), str(target)]
        made.add(target)
    return args


def python_paths() -> list[Path]:
    """What the kernel must read: this Python, its virtual environment and the toolkit (nothing else)."""
    toolkit = Path(curriculum.__file__).resolve().parent
    found = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), toolkit,
             Path(sysconfig.get_paths()["purelib"]).resolve()}
    return sorted(p for p in found if p.exists() and not str(p).startswith("/usr"))


def bwrap_command(work: Path, runtime: Path, kernel: list[str], uid: int | None, seccomp_fd: int | None) -> list[str]:
    """The full bubblewrap command line for one kernel."""
    command = [
        BWRAP, *(["--unshare-user"] if uid is None else []), "--unshare-ipc", "--unshare-pid", "--unshare-net",
        "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv",
        "--ro-bind", "/usr", "/usr",
        *(arg for name in ("bin", "lib", "lib64", "sbin") if Path(f"/{name}").is_symlink()
          for arg in ("--symlink", os.readlink(f"/{name}"), f"/{name}")),
        "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
        "--ro-bind-try", "/etc/localtime", "/etc/localtime",
        "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
        *_mounts([("--ro-bind", p, p) for p in python_paths()]
                 + [("--bind", runtime, runtime), ("--bind", runtime / "work", work)]),
        "--chdir", str(work),
        "--setenv", "HOME", "/tmp", "--setenv", "PATH", f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "--setenv", "LANG", "C.UTF-8", "--setenv", "MALLOC_ARENA_MAX", "2",
        "--setenv", "PYTHONDONTWRITEBYTECODE", "1", "--setenv", "MPLBACKEND", "Agg",
        "--setenv", "MPLCONFIGDIR", "/tmp",
    ]
    if seccomp_fd is not None:
        command += ["--seccomp", str(seccomp_fd)]
    if uid is not None:  # grading as root: become the allocated uid inside, with no capabilities left
        command += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--",
                    "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
                    "--bounding-set=-all", "--no-new-privs"]
    else:
        command += ["--"]
    return command + kernel


def _own(folder: Path, uid: int) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.lchown(path, uid, uid)


def run(runtime: Path, kernel: list[str], limits: Limits) -> int:
    """Copy the notebook folder, then run ``kernel`` in the sandbox; return its exit code."""
    work = Path.cwd()
    shutil.copytree(work, runtime / "work", symlinks=True)
    as_root = os.geteuid() == 0
    with free_uid() if as_root else _no_uid() as uid:
        if uid is not None:
            _own(runtime, uid)
        seccomp_fd = seccomp.as_file()
        try:
            process = subprocess.Popen(
                bwrap_command(work, runtime, kernel, uid, seccomp_fd), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True,
                pass_fds=() if seccomp_fd is None else (seccomp_fd,),
                preexec_fn=lambda: _set_limits(limits, as_root))  # noqa: PLW1509 (no threads here)
        finally:
            if seccomp_fd is not None:
                os.close(seccomp_fd)
        return process.wait()


@contextmanager
def _no_uid() -> Iterator[None]:
    yield None


def main(argv: list[str]) -> int:
    """``launch RUNTIME LIMITS -- KERNEL...``"""
    if len(argv) < 4 or argv[2] != "--":
        print(f"usage: python -m {__spec__.name} RUNTIME LIMITS -- KERNEL-COMMAND...", file=sys.stderr)
        return 2
    return run(Path(argv[0]), argv[3:], Limits(**json.loads(argv[1])))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
