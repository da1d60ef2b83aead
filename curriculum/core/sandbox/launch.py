"""Start one kernel inside bubblewrap. Run as: python -m curriculum.core.sandbox.launch RUNTIME LIMITS -- KERNEL...

The grader's kernel manager starts this in the learner's notebook folder. It copies that
folder into the private RUNTIME folder, picks a free unprivileged uid (as root), sets the
limits, and runs the kernel command in the sandbox until it ends.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import curriculum

from . import BWRAP, seccomp
from .limits import Limits, free_uid, own, set_limits


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
    """What the kernel must read: this Python, its virtual environment, any package folder a ``.pth``
    file adds, and the toolkit (nothing else)."""
    toolkit = Path(curriculum.__file__).resolve().parent
    found = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), toolkit,
             Path(sysconfig.get_paths()["purelib"]).resolve(),
             *(Path(entry).resolve() for entry in sys.path if entry.endswith("site-packages"))}
    return sorted(p for p in found if p.exists() and not str(p).startswith("/usr"))


def isolation(extra_binds: list[tuple[str, Path, Path]], own_user: bool) -> list[str]:
    """bubblewrap's arguments for a sandbox: no network, read-only Python and toolkit, ``extra_binds``."""
    return [
        BWRAP, *([] if own_user else ["--unshare-user"]), "--unshare-ipc", "--unshare-pid", "--unshare-net",
        "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv",
        "--ro-bind", "/usr", "/usr",
        *(arg for name in ("bin", "lib", "lib64", "sbin") if Path(f"/{name}").is_symlink()
          for arg in ("--symlink", os.readlink(f"/{name}"), f"/{name}")),
        "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
        "--ro-bind-try", "/etc/localtime", "/etc/localtime",
        "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
        *_mounts([("--ro-bind", p, p) for p in python_paths()] + extra_binds),
        "--setenv", "PATH", f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "--setenv", "LANG", "C.UTF-8", "--setenv", "MALLOC_ARENA_MAX", "2",
        "--setenv", "PYTHONDONTWRITEBYTECODE", "1", "--setenv", "MPLBACKEND", "Agg",
        "--setenv", "MPLCONFIGDIR", "/tmp",
    ]


def bwrap_command(work: Path, runtime: Path, kernel: list[str], uid: int | None, seccomp_fd: int | None) -> list[str]:
    """The full bubblewrap command line for one kernel."""
    command = [*isolation([("--bind", runtime, runtime), ("--bind", runtime / "work", work)], uid is not None),
               "--chdir", str(work), "--setenv", "HOME", "/tmp"]
    if seccomp_fd is not None:
        command += ["--seccomp", str(seccomp_fd)]
    if uid is not None:  # grading as root: become the allocated uid inside, with no capabilities left
        command += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--",
                    "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
                    "--bounding-set=-all", "--no-new-privs"]
    else:
        command += ["--"]
    return command + kernel


def run(runtime: Path, kernel: list[str], limits: Limits) -> int:
    """Copy the notebook folder, then run ``kernel`` in the sandbox; return its exit code."""
    work = Path.cwd()
    shutil.copytree(work, runtime / "work", symlinks=True)
    as_root = os.geteuid() == 0
    with free_uid() if as_root else _no_uid() as uid:
        if uid is not None:
            own(runtime, uid)
        seccomp_fd = seccomp.as_file()
        try:
            process = subprocess.Popen(
                bwrap_command(work, runtime, kernel, uid, seccomp_fd), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True,
                pass_fds=() if seccomp_fd is None else (seccomp_fd,),
                preexec_fn=lambda: set_limits(limits, as_root))  # noqa: PLW1509 (no threads here)
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
