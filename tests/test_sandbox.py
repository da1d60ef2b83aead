"""The sandbox's launcher, as the kernel manager starts it (without starting a kernel)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from curriculum.core.sandbox import launch
from curriculum.core.sandbox.limits import Limits
from curriculum.core.sandbox.manager import SandboxKernelManager


def test_the_launcher_runs_as_a_module_without_warnings_and_explains_its_arguments() -> None:
    done = subprocess.run([sys.executable, "-W", "error", "-m", launch.__name__], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert done.stderr.startswith(f"usage: python -m {launch.__name__} RUNTIME LIMITS -- KERNEL-COMMAND")


def test_limits_reach_the_launcher_as_one_argument() -> None:
    limits = SandboxKernelManager().limits()
    assert Limits(**json.loads(limits.as_argument())) == limits


def test_the_sandbox_has_no_network_and_sees_only_its_own_folder(tmp_path: Path) -> None:
    learner, runtime = tmp_path / "learner", tmp_path / "runtime"
    command = launch.bwrap_command(learner, runtime, ["python", "-m", "ipykernel"], None, None)
    assert "--unshare-net" in command and "--clearenv" in command
    writable = [command[i + 1:i + 3] for i, arg in enumerate(command) if arg == "--bind"]
    assert writable == [[str(runtime), str(runtime)], [str(runtime / "work"), str(learner)]]
