"""The source notebook runs top to bottom without an error, under nbval."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

from .context import Context, Outcome


def runs(context: Context) -> Outcome:
    """Run the solution notebook with nbval (outputs are not compared, errors fail)."""
    missing = [name for name in ("pytest", "nbval") if importlib.util.find_spec(name) is None]
    if missing:
        return Outcome([f"this gate needs {' and '.join(missing)}, which is not installed here; install the "
                        f"course's toolkit with its dependencies (pip install -e .), or: pip install nbval"])
    with context.scratch_notebook() as path:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "--nbval-lax", "-o", "addopts=", "-p", "no:cacheprovider",
             "-p", "no:xdist", "-q", "--rootdir", str(path.parent), str(path)],
            capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=path.parent)
    if done.returncode == 0:
        return Outcome()
    failing = sorted(set(re.findall(r"::Cell (\d+)", done.stdout)))
    cells = ", ".join(f"cell {n}" for n in failing) or "see below"
    tail = " | ".join((done.stdout.strip() or done.stderr.strip()).splitlines()[-4:])
    return Outcome([f"the solution notebook stops with an error ({cells}); run it top to bottom and fix it. "
                    f"nbval said: {tail}"])
