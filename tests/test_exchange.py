"""Hand-in checks at collect: a submission made by another account is refused, a changed one flagged.

Real Unix accounts (named ``cfx-…``, removed afterwards even when a test fails) make real files.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from curriculum.classroom.exchange import check_hand_in
from curriculum.classroom.operations import collect

from .support import DEMO, demo_course

ANN, BOB = "cfx-ann", "cfx-bob"
# Tests that add and remove Unix accounts run one after another, on one worker ("accounts").
pytestmark = [pytest.mark.skipif(os.geteuid() != 0, reason="making Unix accounts needs root (CI runs as root)"),
              pytest.mark.xdist_group("accounts")]


@pytest.fixture(scope="module")
def accounts() -> Iterator[dict[str, int]]:
    for name in (ANN, BOB):
        subprocess.run(["userdel", "-r", name], capture_output=True)
        subprocess.run(["useradd", "--no-create-home", name], check=True)
    try:
        yield {name: int(subprocess.run(["id", "-u", name], capture_output=True, text=True).stdout)
               for name in (ANN, BOB)}
    finally:
        for name in (ANN, BOB):
            subprocess.run(["userdel", name], capture_output=True)


def hand_in(inbound: Path, learner: str, owner: int, handed_in: datetime) -> Path:
    """A submission folder as nbgrader's submit makes it, owned by ``owner``."""
    stamp = handed_in.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    folder = inbound / f"{learner}+{DEMO}+{stamp}+abc123"
    folder.mkdir(parents=True)
    (folder / "doubling.ipynb").write_text("{}")
    (folder / "timestamp.txt").write_text(stamp)
    for path in (folder, *folder.iterdir()):
        os.chown(path, owner, owner)
    return folder


def test_a_hand_in_by_the_learner_at_its_time_passes(tmp_path: Path, accounts: dict[str, int]) -> None:
    now = datetime.now(timezone.utc)
    checked = check_hand_in(hand_in(tmp_path, ANN, accounts[ANN], now), ANN, now, accounts=True)
    assert (checked.refused, checked.flagged) == ("", "")


def test_files_owned_by_another_account_are_refused_and_named(tmp_path: Path, accounts: dict[str, int]) -> None:
    now = datetime.now(timezone.utc)
    checked = check_hand_in(hand_in(tmp_path, ANN, accounts[BOB], now), ANN, now, accounts=True)
    assert checked.refused == f"it names {ANN}, but files in it belong to {BOB}"
    nobody = check_hand_in(hand_in(tmp_path / "x", "cfx-nobody", accounts[BOB], now), "cfx-nobody", now, True)
    assert nobody.refused == "it names cfx-nobody, who has no account on this computer"
    same_user = check_hand_in(tmp_path / f"{ANN}+{DEMO}+{now:%Y-%m-%d %H:%M:%S.%f UTC}+abc123", ANN, now, False)
    assert same_user.refused == "", "on one computer every learner is the same user: nothing to tell apart"


def test_a_file_changed_after_the_hand_in_is_flagged(tmp_path: Path, accounts: dict[str, int]) -> None:
    earlier = datetime.now(timezone.utc) - timedelta(hours=2)
    checked = check_hand_in(hand_in(tmp_path, ANN, accounts[ANN], earlier), ANN, earlier, accounts=True)
    assert checked.refused == "" and checked.flagged == "a file in it was changed 120 minutes after it was handed in"


@pytest.mark.slow
def test_collect_refuses_a_hand_in_by_another_account_and_keeps_it(tmp_path: Path, accounts: dict[str, int]) -> None:
    course = demo_course(tmp_path / "course", "c.Curriculum.learners_have_accounts = True")
    inbound = Path(course.config.Exchange.root) / "code-forward" / "inbound"
    now = datetime.now(timezone.utc) - timedelta(seconds=5)
    forged = hand_in(inbound, ANN, accounts[BOB], now)
    time.sleep(0.01)
    hand_in(inbound, BOB, accounts[BOB], now + timedelta(microseconds=1))
    collected = collect(course, course.catalog.assignment(DEMO))
    assert collected.learners == [BOB]
    assert {c.learner: c.refused for c in collected.checks} == {
        ANN: f"it names {ANN}, but files in it belong to {BOB}", BOB: ""}
    assert forged.is_dir() and not course.submitted_dir(ANN, DEMO).exists()
