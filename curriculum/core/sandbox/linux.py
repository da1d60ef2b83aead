"""The few Linux calls the fork server needs that Python's ``os`` module does not offer (Python 3.11)."""

from __future__ import annotations

import ctypes
import fcntl
import os
import signal
import socket
import struct

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 0x1, 0x2, 0x4, 0x8, 0x20
MS_BIND, MS_REC, MS_PRIVATE = 0x1000, 0x4000, 0x40000
_PR_SET_PDEATHSIG, _PR_SET_SECCOMP, _PR_SET_NO_NEW_PRIVS = 1, 22, 38
_SECCOMP_MODE_FILTER = 2
_SIOCGIFFLAGS, _SIOCSIFFLAGS, _IFF_UP = 0x8913, 0x8914, 0x1

_libc = ctypes.CDLL(None, use_errno=True)


def _checked(result: int, what: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")


def unshare(flags: int) -> None:
    """Move this process into new namespaces (``unshare(2)``)."""
    _checked(_libc.unshare(ctypes.c_int(flags)), "unshare")


def mount(source: str | None, target: str, kind: str | None, flags: int, data: str | None = None) -> None:
    """``mount(2)``."""
    def text(value: str | None) -> bytes | None:
        return None if value is None else value.encode()
    _checked(_libc.mount(text(source), text(target), text(kind), ctypes.c_ulong(flags), text(data)),
             f"mount {target}")


def _prctl(option: int, *args: int | ctypes.c_void_p) -> None:
    padded = [*args, 0, 0, 0, 0][:4]
    _checked(_libc.prctl(ctypes.c_int(option), *(a if isinstance(a, ctypes.c_void_p) else ctypes.c_ulong(a)
                                                 for a in padded)), f"prctl {option}")


def die_with_parent() -> None:
    """Be killed when the parent process ends."""
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def no_new_privileges() -> None:
    """No later ``execve`` may gain privileges (setuid files, file capabilities)."""
    _prctl(_PR_SET_NO_NEW_PRIVS, 1)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install_seccomp(program: bytes) -> None:
    """Install a classic BPF seccomp filter (needs :func:`no_new_privileges` first, unless privileged)."""
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    _prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.c_void_p(ctypes.addressof(fprog)))


def loopback_up() -> None:
    """Bring up ``lo`` in this network namespace, so a learner's local web server works."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(sock, _SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, _SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | _IFF_UP))
