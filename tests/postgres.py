"""A throw-away PostgreSQL server for tests: its own folder and socket, no TCP, removed afterwards.

PostgreSQL refuses to run as root, so the server runs as the ``postgres`` account; this process's
account gets a role of its own name and connects over the socket with peer authentication, as a
classroom server's instructor does.
"""

from __future__ import annotations

import getpass
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(*command: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, text=True)


@contextmanager
def throwaway_postgres(database: str = "code_forward") -> Iterator[str]:
    """Start a server, make ``database`` owned by this account, and give its ``postgresql+psycopg`` address."""
    folder = Path(tempfile.mkdtemp(prefix="curriculum-postgres-"))
    shutil.chown(folder, "postgres")
    data, socket = folder / "data", folder / "socket"
    _as_postgres("mkdir", str(socket))
    _as_postgres(str(BIN / "initdb"), "-D", str(data), "--auth-local=peer", "--auth-host=reject", "-U", "postgres")
    _as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
                 f"-k {socket} -c listen_addresses='' -c max_connections=50", "start")
    try:
        me = getpass.getuser()
        _as_postgres(str(BIN / "psql"), "-h", str(socket), "-U", "postgres", "-c", f'CREATE ROLE "{me}" LOGIN')
        _as_postgres(str(BIN / "createdb"), "-h", str(socket), "-U", "postgres", "-O", me, database)
        yield f"postgresql+psycopg:///{database}?host={socket}"
    finally:
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder)
