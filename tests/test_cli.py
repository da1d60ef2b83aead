"""The command line: help grouped by who uses it, plain messages for people, tracebacks for bugs."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum import cli
from curriculum.core import table

from .support import new_course


def test_help_groups_every_command_by_who_uses_it(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    authors, instructors = text.split("commands for curriculum authors:")[1].split("commands for instructors:")
    assert {"list", "new", "build", "check"} == {line.split()[0] for line in authors.strip().splitlines()[:4]}
    for name in ("classroom", "release", "collect", "grade", "feedback", "export", "report", "transcript", "pack",
                 "import-zips"):
        assert f"\n  {name} " in instructors


def test_version(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert capsys.readouterr().out.startswith("curriculum 0.")


def test_defaults_are_written_once_and_shown_in_help(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    assert "(default: grades.csv)" in capsys.readouterr().out


def test_a_mistake_of_the_user_is_one_plain_message(tmp_path: Path, capsys) -> None:
    new_course(tmp_path)
    assert cli.main(["--root", str(tmp_path), "release", "python-01-nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("curriculum: There is no assignment `python-01-nope`") and "Traceback" not in err


def test_a_folder_that_is_not_a_course_is_a_plain_message(tmp_path: Path, capsys) -> None:
    assert cli.main(["--root", str(tmp_path), "list"]) == 2
    assert "has no nbgrader_config.py" in capsys.readouterr().err


def test_a_learner_not_in_the_gradebook_is_a_plain_message(tmp_path: Path, capsys) -> None:
    new_course(tmp_path)
    assert cli.main(["--root", str(tmp_path), "transcript", "nobody"]) == 2
    assert "there is no learner `nobody` in the gradebook" in capsys.readouterr().err


def test_a_report_that_cannot_be_written_says_so(tmp_path: Path, capsys) -> None:
    new_course(tmp_path)
    assert cli.main(["--root", str(tmp_path), "report", "--to", str(tmp_path / "no" / "such" / "r.html")]) == 2
    assert "could not write" in capsys.readouterr().err


def test_a_bug_shows_its_traceback_and_says_it_is_a_bug(tmp_path: Path, capsys, monkeypatch) -> None:
    new_course(tmp_path)

    def broken(*_: object) -> str:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(table, "render", broken)
    assert cli.main(["--root", str(tmp_path), "list"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and "ZeroDivisionError: a bug" in err and "this is a bug in the toolkit" in err


def test_tables_put_extra_lines_of_the_last_cell_on_rows_of_their_own() -> None:
    text = table.render(("learner", "score", "problems"),
                        [("ann", "1 / 1", ["-"]), ("bo", "not graded", ["empty file", "kernel changed"])])
    assert text.splitlines() == [
        "learner  score       problems",
        "-------  ----------  --------------",
        "ann      1 / 1       -",
        "bo       not graded  empty file",
        "                     kernel changed",
    ]


def test_a_gate_that_needs_a_missing_tool_says_what_to_install(tmp_path: Path, monkeypatch) -> None:
    from curriculum.author.gates import runs
    from curriculum.author.gates.context import Context

    monkeypatch.setattr(runs.importlib.util, "find_spec", lambda name: None if name == "nbval" else object())
    outcome = runs.runs(Context(new_course(tmp_path), None))
    assert outcome.problems and "needs nbval" in outcome.problems[0] and "pip install nbval" in outcome.problems[0]
