"""Hostile submissions, graded in one run with honest learners, in the sandbox, on each sandboxed engine.

For every attack: the honest learners' grades are unchanged, no course file changes, canary text
planted in the solution, hidden tests, gradebook and another learner's folder never shows in any
output, the attacker earns nothing, and the summary names what happened. Two spies graded at the
same moment see neither each other's folders nor each other's processes.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from curriculum.classroom.grading import Engine, LearnerResult, grade
from curriculum.core.sandbox import warm
from curriculum.core.sandbox.limits import UIDS
from curriculum.cli import main
from curriculum.core import notebook as nb
from curriculum.core.course import Course
from curriculum.core.engine import run_nbgrader

from .support import DEMO, answered, demo_course, hand_in

# every attack is graded in one run, with the honest learners
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hostile")]

ASSIGNMENT = DEMO
CANARY = {kind: f"{kind}-CANARY-{secrets.token_hex(6)}" for kind in ("SOLUTION", "HIDDEN", "GRADEBOOK", "VICTIM")}
WRONG = "\ndef double(n):\n    return 0\n"


class Listener:
    """A loopback TCP server that records every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.server.settimeout(0.5)
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def stop(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        self.server.close()


def code_attacks(root: Path, port: int) -> dict[str, tuple[str, str | None]]:
    """Answer-cell attacks: learner id -> (the code of the answer cell, what the summary must say)."""
    source = f"{root}/source/{ASSIGNMENT}/doubling.ipynb"
    return {
        "reader": (f"""
import glob, os
for path in ['../../../../source/{ASSIGNMENT}/doubling.ipynb', '{source}', '/proc/1/root{source}',
             '{root}/grading/gradebook.db', '../../victim/{ASSIGNMENT}/notes.txt', '{root}/grading/submitted']:
    try:
        print(open(path, errors='replace').read()[:5000])
    except OSError as error:
        print('blocked', path, type(error).__name__)
print(glob.glob('{root}/**', recursive=True)[:50], glob.glob('/proc/*/root/{root.name}*'))
open('{source}')
""" + WRONG, "not in its own folder"),
        "network": (f"""
import socket
socket.create_connection(('127.0.0.1', {port}), timeout=2)
""" + WRONG, "tried to use the network"),
        "looper": ("while True:\n    pass\n" + WRONG, "ran for too long"),
        "stubborn": ("import signal as s\ns.signal(s.SIGINT, s.SIG_IGN)\nwhile True:\n    pass\n" + WRONG,
                     "ran for too long"),
        "hog": ("block = bytearray(10 * 1024 ** 3)\n" + WRONG, "more memory than allowed"),
        "forker": ("import os, time\nwhile True:\n    if os.fork() == 0:\n        time.sleep(60)\n" + WRONG,
                   "more processes than allowed"),
        "filler": ("with open('big.bin', 'wb') as big:\n    for _ in range(5 * 1024):\n"
                   "        big.write(bytes(1024 * 1024))\n" + WRONG, "larger than allowed"),
        "shouter": ("print('x' * 100_000_000)\n" + WRONG, "printed more than we keep"),
        "killer": ("import os\nos.kill(os.getppid(), 9)\nos.kill(-1, 9)\n" + WRONG, "not allowed to do"),
        "vandal": (f"""
for path in ['{root}/grading/submitted/victim/{ASSIGNMENT}/notes.txt', '../../victim/{ASSIGNMENT}/notes.txt',
             '{source}']:
    open(path, 'w').write('vandalised')
""" + WRONG, "not in its own folder"),
        "faker": ("print('✓ double(4) gave 8')\nprint('{\"score\": 1, \"max_score\": 1}')\n" + WRONG, None),
        "patcher": ("import curriculum.checks as checks\nchecks.check_call = lambda *args, **kwargs: None\n" + WRONG,
                    "reach into the checking code"),
        "importer": ("import builtins, types\nfake = types.ModuleType('fake')\nfake.check_call = lambda *a, **k: None\n"
                     "real = builtins.__import__\nbuiltins.__import__ = lambda name, *a, **k: fake "
                     "if name.startswith('curriculum') else real(name, *a, **k)\n" + WRONG,
                     "reach into the checking code"),
        "silencer": ("get_ipython().showtraceback = lambda *args, **kwargs: None\n" + WRONG,
                     "reach into the checking code"),
        **{spy: (SPY + WRONG, None) for spy in SPIES},
        **{learner: (JS_ATTACK.format(js=js), None) for learner, (js, _) in JS_ATTACKS.items()},
        "web-flask-everywhere": (FLASK_SERVER.format(host="0.0.0.0") + WRONG, "ran for too long"),
        "web-flask-outside": (FLASK_SERVER.format(host="192.0.2.1") + WRONG, "tried to use the network"),
    }


#: A learner's Flask app run as a real server: on every address it serves only its own sandbox until the
#: time limit stops it; an address outside the sandbox is not there to bind. Graded after the spies.
FLASK_SERVER = """
from flask import Flask
app = Flask("jobs")
app.run(host="{host}", port=5000)
"""


#: JavaScript run through curriculum.jscheck from the answer cell: learner id -> (the code, what the check says).
#: Their names come after the spies' in name order, so the spies are still graded at the same moment.
JS_ATTACKS = {
    "web-js-looper": ("function double(n) { while (true) {} }", "Your code ran too long, so we stopped it."),
    "web-js-hog": ("function double(n) { let all = []; while (true) { all.push('x'.repeat(1000) + all.length); } }",
                   "Your code used too much memory"),
}
JS_ATTACK = """
from curriculum.jscheck import check_js_call
code = "{js}"
def double(n):
    check_js_call("code", "double", [n], n * 2, hint="Give back n times 2.")
"""


SPIES = ("spy-a", "spy-b")  # graded one after the other, so at the same moment on two workers
SPY = """
import glob, json, os, time
pids, uids, end = set(), set(), time.time() + 3
while time.time() < end:
    for entry in glob.glob('/proc/[0-9]*'):
        try:
            uids.add(os.stat(entry).st_uid)
            pids.add(int(entry.split('/')[-1]))
        except OSError:
            pass
    time.sleep(0.02)
print('SPY', json.dumps([sorted(pids), sorted(uids), os.getuid(),
                         glob.glob('/sandboxes/*') + glob.glob('/tmp/curriculum-*'), glob.glob('/home/*/../*')]))
"""


def cells_by_id(notebook: nb.NotebookNode) -> dict[str, nb.NotebookNode]:
    return {nb.nbgrader_meta(c).get("grade_id", c.get("id")): c for c in notebook.cells}


def passing_test(notebook: nb.NotebookNode) -> None:
    cells_by_id(notebook)["test_double"].source = "print('all fine')"


def recomputed_checksum(notebook: nb.NotebookNode) -> None:
    test = cells_by_id(notebook)["test_double"]
    test.source = "pass"
    test.metadata.nbgrader["checksum"] = "0" * 32
    test.metadata.nbgrader["points"] = 100


def deleted_test(notebook: nb.NotebookNode) -> None:
    notebook.cells = [c for c in notebook.cells if nb.nbgrader_meta(c).get("grade_id") != "test_double"]


def duplicated_test(notebook: nb.NotebookNode) -> None:
    test = cells_by_id(notebook)["test_double"]
    notebook.cells.append(nb.nbformat.from_dict(json.loads(json.dumps(test))))
    notebook.cells[-1].source = "print('all fine')"


def unlocked_test(notebook: nb.NotebookNode) -> None:
    test = cells_by_id(notebook)["test_double"]
    test.metadata.nbgrader.update(grade=False, locked=False, solution=True)
    test.source = "pass"


def other_kernel(notebook: nb.NotebookNode) -> None:
    notebook.metadata.kernelspec = {"name": "bash", "display_name": "Bash", "language": "bash"}


def history_reader(notebook: nb.NotebookNode) -> None:
    """A cell after the tests that prints IPython's input history."""
    notebook.cells.append(nb.code("history", "print(In, _ih, _i, _ii, _iii, Out)"))


def hook_setter(notebook: nb.NotebookNode) -> None:
    """A cell before the tests whose hook prints the code of every later cell, hidden tests included."""
    notebook.cells.insert(0, nb.code("hook", "get_ipython().events.register('pre_run_cell', "
                                             "lambda info: print(info.raw_cell))"))


NOTEBOOK_ATTACKS: dict[str, tuple[Callable[[nb.NotebookNode], None], str | None]] = {
    "edits-test": (passing_test, "a locked cell (test_double) was changed; it was restored"),
    "edits-checksum": (recomputed_checksum, "the nbgrader details of cell test_double were changed"),
    "deletes-test": (deleted_test, "a test cell (test_double) was deleted; it was put back"),
    "duplicates-test": (duplicated_test, "cell test_double appears twice"),
    "edits-metadata": (unlocked_test, "the nbgrader details of cell test_double were changed"),
    "changes-kernel": (other_kernel, "the notebook's kernel was changed (to bash)"),
    "reads-history": (history_reader, None),
    "sets-hook": (hook_setter, "printed the hidden tests; that output was removed"),
}


def plant_canaries(course: Course) -> None:
    path = course.root / "source" / ASSIGNMENT / "doubling.ipynb"
    notebook = nb.read(path)
    cells = cells_by_id(notebook)
    cells["double"].source = cells["double"].source.replace(
        "    return n * 2", f"    # {CANARY['SOLUTION']}\n    return n * 2")
    cells["test_double"].source = cells["test_double"].source.replace(
        "### END HIDDEN TESTS", f"print('{CANARY['HIDDEN']}'[:0])\n### END HIDDEN TESTS")
    nb.write(notebook, path)


def fingerprint(root: Path) -> dict[str, str]:
    """Checksums of every course file and every other learner's submitted file."""
    files = [p for folder in ("source", "release", "curriculum") for p in (root / folder).rglob("*") if p.is_file()]
    files += [root / "nbgrader_config.py"]
    files += [p for p in (root / "grading" / "submitted").rglob("*") if p.is_file() and "victim" in p.parts]
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files
            if "__pycache__" not in p.parts}


@dataclass(frozen=True)
class Graded:
    """The hostile cohort after grading: results, the course's files before, and the loopback listener."""

    course: Course
    results: dict[str, LearnerResult]
    before: dict[str, str]
    listener: Listener


ENGINES = [pytest.param(Engine.WARM, marks=pytest.mark.skipif(not warm.possible(), reason="warm kernels need root")),
           Engine.SANDBOX]


@pytest.fixture(scope="module", params=ENGINES, ids=lambda engine: engine.name.lower())
def graded(request, tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "course"
    course = demo_course(root, "c.Execute.timeout = 5")
    plant_canaries(course)
    assert main(["--root", str(root), "build"]) == 0
    run_nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    with course.gradebook() as book:
        book.update_or_create_student("someone", last_name=CANARY["GRADEBOOK"])

    listener = Listener()
    release = root / "release" / ASSIGNMENT
    solution = answered(course, course.catalog.assignment(ASSIGNMENT))
    submissions: dict[str, nb.NotebookNode] = {"honest": solution, "blank": nb.read(release / "doubling.ipynb"),
                                               "victim": solution}
    for learner, (code, _) in code_attacks(root, listener.port).items():
        notebook = nb.read(release / "doubling.ipynb")
        cells_by_id(notebook)["double"].source = code
        submissions[learner] = notebook
    for learner, (damage, _) in NOTEBOOK_ATTACKS.items():
        notebook = nb.read(release / "doubling.ipynb")
        damage(notebook)
        submissions[learner] = notebook
    for learner, notebook in submissions.items():
        hand_in(course, learner, {"doubling.ipynb": nb.nbformat.writes(notebook).encode()})
    (course.submitted_dir("victim", ASSIGNMENT) / "notes.txt").write_text(CANARY["VICTIM"])

    before = fingerprint(root)
    results = {r.learner: r for r in grade(course, ASSIGNMENT, jobs=2, show_progress=False, engine=request.param)}
    listener.stop()
    yield Graded(course, results, before, listener)
    assert main(["--root", str(root), "feedback", ASSIGNMENT]) == 0


CODE_ATTACKS = code_attacks(Path("/x"), 0)  # their names and what the summary says (code not used)
ATTACKERS = [*CODE_ATTACKS, *NOTEBOOK_ATTACKS]
SAID = {attacker: said for attacker, (_, said) in CODE_ATTACKS.items() if said}


def test_honest_learners_are_graded_as_if_alone(graded):
    results = graded.results
    assert (results["honest"].score, results["honest"].max_score, results["honest"].problems) == (1, 1, ())
    assert (results["victim"].score, results["victim"].max_score, results["victim"].problems) == (1, 1, ())
    assert results["blank"].score == 0 and results["blank"].problems == ()


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_an_attacker_earns_nothing(graded, attacker):
    results = graded.results
    assert results[attacker].score == 0, results[attacker]


@pytest.mark.parametrize("attacker", list(SAID))
def test_the_summary_names_what_happened(graded, attacker):
    results, expected = graded.results, SAID[attacker]
    assert any(expected in problem for problem in results[attacker].problems), results[attacker].problems


@pytest.mark.parametrize("attacker", [name for name, (_, said) in NOTEBOOK_ATTACKS.items() if said])
def test_notebook_tampering_is_repaired_and_named(graded, attacker):
    results = graded.results
    expected = NOTEBOOK_ATTACKS[attacker][1]
    assert any(expected in problem for problem in results[attacker].problems), results[attacker].problems


def test_no_course_file_or_other_learners_file_changed(graded):
    assert fingerprint(graded.course.root) == graded.before


def test_no_canary_appears_in_any_output(graded):
    results = graded.results
    outputs = []
    for path in graded.course.autograded_dir("*", ASSIGNMENT).parent.parent.rglob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            outputs.append(json.dumps(cell.get("outputs", [])))
    outputs += [json.dumps([r.problems for r in results.values()])]
    text = "\n".join(outputs)
    for canary in CANARY.values():
        assert canary not in text


def spied(course: Course, spy: str) -> tuple[str, tuple[str, str]]:
    """What a spy printed, and when its answer cell ran."""
    cell = cells_by_id(nb.read(course.autograded_dir(spy, ASSIGNMENT) / "doubling.ipynb"))["double"]
    printed = "".join(o.get("text", "") for o in cell.outputs)
    timing = cell.metadata["execution"]
    return printed, (timing["iopub.execute_input"], timing["shell.execute_reply"])


def test_two_learners_graded_at_once_see_neither_folders_nor_processes_of_the_other(graded):
    (first, (start_a, end_a)), (second, (start_b, end_b)) = (spied(graded.course, spy) for spy in SPIES)
    assert start_a < end_b and start_b < end_a, "the two spies did not run at the same moment"
    seen = []
    for printed in (first, second):
        assert printed.startswith("SPY "), printed
        pids, uids, uid, folders, homes = json.loads(printed[4:])
        assert uid in UIDS and not set(uids) & (set(UIDS) - {uid}), printed  # no other learner's process
        assert max(pids) < 50 and len(folders) <= 1, printed  # its own pid namespace; at most its own folder
        assert all("spy" not in home and "victim" not in home for home in homes), printed
        seen.append(set(folders))
    assert not seen[0] & seen[1]


@pytest.mark.parametrize("attacker", list(JS_ATTACKS))
def test_javascript_that_never_stops_or_fills_memory_fails_its_check_in_plain_words(graded, attacker):
    result = graded.results[attacker]
    assert result.score == 0 and not any("too long" in p or "memory" in p for p in result.problems), result
    test = cells_by_id(nb.read(graded.course.autograded_dir(attacker, ASSIGNMENT) / "doubling.ipynb"))["test_double"]
    assert JS_ATTACKS[attacker][1] in json.dumps(test.outputs)


def test_nothing_reached_the_loopback_service(graded):
    assert graded.listener.connections == 0


def test_grading_refuses_without_bubblewrap(graded, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["--root", str(graded.course.root), "grade", ASSIGNMENT]) == 2
    assert "apt-get install bubblewrap" in capsys.readouterr().err
