"""The grading engine: which engine is chosen, nbgrader's checks kept, warm kernels kept apart, prompt clients."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.api import Gradebook
from nbgrader.nbgraderformat import MetadataValidator
from sqlalchemy import text

from curriculum.classroom.grading import Engine
from curriculum.core.engine import environment, quicker_nbgrader
from curriculum.core.kernels import PromptKernelManager
from curriculum.core.sandbox import warm
from curriculum.core.sandbox.launch import python_paths
from curriculum.core.sandbox.limits import UIDS, Limits
from curriculum.errors import KernelServerError


def test_the_best_engine_is_warm_as_root_and_one_sandbox_per_kernel_otherwise(monkeypatch) -> None:
    assert Engine.best() is (Engine.WARM if os.geteuid() == 0 else Engine.SANDBOX)
    assert Engine.best(sandboxed=False) is Engine.NONE
    monkeypatch.setattr(warm.os, "geteuid", lambda: 1000)
    assert Engine.best() is Engine.SANDBOX
    assert "warm kernels need root" in Engine.SANDBOX.value


def test_nbgrader_still_refuses_bad_cell_metadata_with_the_schema_checked_once() -> None:
    quicker_nbgrader()
    good = nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {
        "grade": False, "solution": True, "locked": False, "grade_id": "x", "schema_version": 3}})
    MetadataValidator().validate_cell(good)
    bad = nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {
        "grade": "yes", "solution": True, "locked": False, "grade_id": "x", "schema_version": 3}})
    with pytest.raises(jsonschema.ValidationError):
        MetadataValidator().validate_cell(bad)


def test_sqlite_gradebooks_write_ahead_of_the_log(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", environment()["PATH"])  # nbgrader runs `alembic` to make a gradebook
    quicker_nbgrader()
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as book:
        book.add_student("ana")
        assert book.db.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def run(code: list[str], folder: Path, manager: type) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in code])
    NotebookClient(notebook, kernel_name="python3", timeout=30, allow_errors=True, kernel_manager_class=manager,
                   shutdown_kernel="immediate", resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def printed(notebook: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for cell in notebook.cells for o in cell.outputs)


@pytest.mark.slow
@pytest.mark.skipif(not warm.possible(), reason="warm kernels need root and bubblewrap")
def test_the_warm_server_refuses_an_import_that_starts_a_thread_and_names_it() -> None:
    with pytest.raises(KernelServerError, match=r"importing quickjs started a thread.*Take it out of c.Curriculum.warm_imports"):
        warm.ForkServer(Limits(1536 * 2**20, 60, 64, 2**20, 256), ["quickjs"])


@pytest.mark.slow
@pytest.mark.skipif(not warm.possible(), reason="warm kernels need root and bubblewrap")
def test_warm_kernels_one_after_another_share_nothing(tmp_path: Path) -> None:
    (tmp_path / "given.txt").write_text("given")
    warm.start_server(Limits(1536 * 2**20, 60, 64, 2**20, 256), ["ipykernel.kernelapp"])
    try:
        spy = ["import glob, json, os", "open('mine.txt', 'w').write('secret')",
               "print(json.dumps([os.getuid(), sorted(os.listdir('.')), glob.glob('/tmp/*'),\n"
               "                  glob.glob('/sandboxes/*')]))",
               "open('/tmp/left.txt', 'w').write('x')"]
        first, second = (json.loads(printed(run(spy, tmp_path, warm.WarmKernelManager))) for _ in range(2))
    finally:
        warm.stop_server()
    python_under_tmp = sorted({f"/tmp/{path.relative_to('/tmp').parts[0]}" for path in python_paths()
                               if path.is_relative_to("/tmp")})  # kept in place, read-only
    for uid, files, in_tmp, others in (first, second):
        assert uid in UIDS and files == ["given.txt", "mine.txt"], (first, second)
        assert in_tmp == python_under_tmp and others == [], (first, second)
    assert first[0] != second[0], "a kernel started ahead has a uid of its own"
    assert not (tmp_path / "mine.txt").exists(), "a kernel writes in its own copy of the folder"


@pytest.mark.slow
def test_widget_cells_under_load_never_wait_out_their_timeout(tmp_path: Path) -> None:
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(3)]
    try:
        slowest = 0.0
        for _ in range(6):
            notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
                "from ipywidgets import interact\ninteract(lambda x: x * 2, x=10)") for _ in range(4)])
            client = NotebookClient(notebook, kernel_name="python3", timeout=20,
                                    kernel_manager_class=PromptKernelManager,
                                    resources={"metadata": {"path": str(tmp_path)}})
            with client.setup_kernel():
                for index, cell in enumerate(notebook.cells):
                    start = time.monotonic()
                    client.execute_cell(cell, index)
                    slowest = max(slowest, time.monotonic() - start)
    finally:
        for process in busy:
            process.kill()
    assert slowest < 5, f"a widget cell took {slowest:.1f} s"
