"""A small seccomp filter: learner code may not make new namespaces (no nested sandbox escapes).

It fails ``unshare`` and ``setns`` with EPERM, ``clone`` with any namespace flag with EPERM, and
``clone3`` with ENOSYS (its flags live in memory a filter cannot read; glibc then falls back to
``clone``). Everything else is allowed. x86-64 and aarch64 only; other machines get no filter.
"""

from __future__ import annotations

import errno
import os
import platform
import struct

# Classic BPF instruction codes (linux/filter.h) and seccomp constants (linux/seccomp.h).
_LD_W_ABS, _JEQ_K, _JSET_K, _RET_K = 0x20, 0x15, 0x45, 0x06
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
_OFFSET_NR, _OFFSET_ARCH, _OFFSET_ARG0_LOW = 0, 4, 16
_NEW_NAMESPACES = 0x7E020000  # CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET

# machine: (audit arch, unshare, setns, clone, clone3)
_SYSCALLS = {
    "x86_64": (0xC000003E, 272, 308, 56, 435),
    "aarch64": (0xC00000B7, 97, 268, 220, 435),
}


def _op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def program() -> bytes | None:
    """The filter as raw BPF instructions, or None on a machine it does not know."""
    known = _SYSCALLS.get(platform.machine())
    if known is None:
        return None
    arch, unshare, setns, clone, clone3 = known
    deny, nosys = _RET_ERRNO | errno.EPERM, _RET_ERRNO | errno.ENOSYS
    return b"".join([
        _op(_LD_W_ABS, _OFFSET_ARCH),
        _op(_JEQ_K, arch, 1, 0),
        _op(_RET_K, _RET_ALLOW),           # another ABI: leave it to the kernel's own checks
        _op(_LD_W_ABS, _OFFSET_NR),
        _op(_JEQ_K, unshare, 6, 0),        # -> deny
        _op(_JEQ_K, setns, 5, 0),          # -> deny
        _op(_JEQ_K, clone3, 5, 0),         # -> nosys
        _op(_JEQ_K, clone, 0, 2),          # clone: look at its flags; else allow
        _op(_LD_W_ABS, _OFFSET_ARG0_LOW),
        _op(_JSET_K, _NEW_NAMESPACES, 1, 0),
        _op(_RET_K, _RET_ALLOW),
        _op(_RET_K, deny),
        _op(_RET_K, nosys),
    ])


def as_file() -> int | None:
    """A readable descriptor holding the filter, for bubblewrap's ``--seccomp FD``."""
    code = program()
    if code is None:
        return None
    read, write = os.pipe()
    os.write(write, code)
    os.close(write)
    return read
