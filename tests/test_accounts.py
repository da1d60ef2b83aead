"""Accounts from the roster: real Unix accounts with private homes and passwords PAM accepts.

Accounts are named ``cfa-…`` and removed afterwards, homes too, even when a test fails.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pamela
import pytest

from curriculum.classroom import accounts
from curriculum.errors import ClassroomError

PEOPLE = ("cfa-ann", "cfa-bob", "cfa-teach")
ROSTER = "id,name,role\ncfa-ann,Ann Lee,learner\ncfa-bob,Bob <Brown>,\ncfa-teach,Sam Teach,instructor\n"
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="making accounts needs root (CI runs as root)")
pytestmark = pytest.mark.xdist_group("accounts")  # with the other tests that add and remove Unix accounts


def logs_in(account: str, password: str) -> bool:
    try:
        pamela.authenticate(account, password, service="login")
    except pamela.PAMError:
        return False
    return True


@pytest.fixture
def clean() -> Iterator[None]:
    def remove() -> None:
        for account in PEOPLE:
            subprocess.run(["userdel", "-r", account], capture_output=True)
            shutil.rmtree(f"/home/{account}", ignore_errors=True)
    remove()
    try:
        yield
    finally:
        remove()


@pytest.mark.parametrize(("text", "message"), [
    ("name\nAnn\n", "needs a first line with the column names id,name"),
    ("id,name\nAnn Lee,Ann\n", "line 2: the id 'Ann Lee' must be 2 to 31 small letters"),
    ("id,name,role\nann,Ann,boss\n", "line 2: the role 'boss' must be learner or instructor"),
    ("id,name\nann,Ann\nann,Another Ann\n", "the id ann is on more than one line"),
])
def test_a_roster_with_problems_makes_no_account_and_names_each_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "roster.csv").write_text(text)
    with pytest.raises(ClassroomError, match=message):
        accounts.read_roster(tmp_path / "roster.csv")


def test_first_passwords_are_two_common_words_and_a_number() -> None:
    words, number = accounts.first_password().rsplit("-", 1)
    assert all(word in accounts.WORDS for word in words.split("-")) and 10 <= int(number) <= 99


@needs_root
def test_the_roster_makes_private_accounts_with_passwords_that_log_in(tmp_path: Path, clean: None) -> None:
    (tmp_path / "roster.csv").write_text(ROSTER)
    logins, existing = accounts.import_roster(tmp_path / "roster.csv")
    assert [login.person.id for login in logins] == list(PEOPLE) and existing == []
    for login in logins:
        home = Path(pwd.getpwnam(login.person.id).pw_dir)
        assert home.stat().st_mode & 0o777 == 0o700 and home.stat().st_uid == pwd.getpwnam(login.person.id).pw_uid
        assert logs_in(login.person.id, login.password) and not logs_in(login.person.id, "wrong")
    assert accounts.import_roster(tmp_path / "roster.csv") == ([], [login.person for login in logins])
    page = accounts.sheet(logins, "http://10.0.0.2:8000")
    assert "Bob &lt;Brown&gt;" in page and logins[1].password in page and "10.0.0.2:8000" in page

    again = accounts.reset("cfa-ann")
    assert logs_in("cfa-ann", again.password) and not logs_in("cfa-ann", logins[0].password)
    home = accounts.remove("cfa-bob")
    assert home.is_dir() and not logs_in("cfa-bob", logins[1].password)
    with pytest.raises(ClassroomError, match="there is already an account cfa-ann"):
        accounts.add(accounts.Person("cfa-ann", "Ann"))
    with pytest.raises(ClassroomError, match="root is not a course account"):
        accounts.reset("root")
