"""Learner and instructor accounts on a classroom server: real Unix accounts, made from the roster.

nbgrader's exchange is Unix permissions, so each learner needs an account whose name is their
learner id; they log in to the hub with it (PAM). Homes are private (0700). A first password is
made for each new account, easy to read and type, and printed on a first-login sheet to hand out.
"""

from __future__ import annotations

import csv
import grp
import html
import os
import pwd
import re
import secrets
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ClassroomError

LEARNERS, INSTRUCTORS = "code-forward-learners", "code-forward-instructors"
ROLES = {"learner": LEARNERS, "instructor": INSTRUCTORS}
ACCOUNT_ID = r"^[a-z][a-z0-9-]{1,30}$"
#: Short, common words for first passwords: easy to read out and to type.
WORDS = ("apple", "bread", "chair", "cloud", "dance", "earth", "field", "glass", "grape", "green", "happy",
         "heart", "horse", "house", "lemon", "light", "money", "music", "night", "ocean", "paper", "party",
         "piano", "plant", "river", "robin", "salad", "sheep", "smile", "snake", "spoon", "stone", "storm",
         "sugar", "table", "tiger", "toast", "train", "water", "whale")


@dataclass(frozen=True)
class Person:
    """One row of the roster: an account id, the person's name, and learner or instructor."""

    id: str
    name: str
    role: str = "learner"


@dataclass(frozen=True)
class FirstLogin:
    """What a person needs to log in the first time."""

    person: Person
    password: str


def _run(*command: str, stdin: str | None = None) -> None:
    done = subprocess.run(command, input=stdin, capture_output=True, text=True)
    if done.returncode:
        raise ClassroomError(f"`{' '.join(command)}` failed: {done.stderr.strip()}")


def _require_root() -> None:
    if os.geteuid() != 0:
        raise ClassroomError("making accounts needs root: run it with sudo")


def first_password() -> str:
    """Two common words and two digits, like ``river-toast-42``."""
    return f"{secrets.choice(WORDS)}-{secrets.choice(WORDS)}-{secrets.randbelow(90) + 10}"


def read_roster(path: Path) -> list[Person]:
    """The roster: a CSV file with the columns ``id`` and ``name``, and ``role`` if any are instructors."""
    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    except OSError as error:
        raise ClassroomError(f"could not read the roster {path}: {error.strerror}") from None
    if not rows or not {"id", "name"} <= set(rows[0]):
        raise ClassroomError(f"{path} needs a first line with the column names id,name (and role, if any row is "
                             f"an instructor), then one row per person, like: ab123,Alex Brown,learner")
    people, problems = [], []
    for number, row in enumerate(rows, 2):
        person = Person((row.get("id") or "").strip(), (row.get("name") or "").strip(),
                        (row.get("role") or "learner").strip().lower())
        if not re.match(ACCOUNT_ID, person.id):
            problems.append(f"line {number}: the id {person.id!r} must be 2 to 31 small letters, digits or -, "
                            f"starting with a letter")
        elif person.role not in ROLES:
            problems.append(f"line {number}: the role {person.role!r} must be learner or instructor")
        people.append(person)
    ids = [p.id for p in people]
    problems += [f"the id {i} is on more than one line" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        raise ClassroomError(f"{path} has problems, and no account was made:\n  " + "\n  ".join(problems))
    return people


def _exists(account: str) -> bool:
    try:
        pwd.getpwnam(account)
    except KeyError:
        return False
    return True


def _groups() -> None:
    for group in ROLES.values():
        try:
            grp.getgrnam(group)
        except KeyError:
            _run("groupadd", group)


def _set_password(account: str) -> str:
    password = first_password()
    _run("chpasswd", stdin=f"{account}:{password}\n")
    return password


def add(person: Person) -> FirstLogin:
    """Make one account, with a private home and a first password."""
    _require_root()
    if _exists(person.id):
        raise ClassroomError(f"there is already an account {person.id}: choose another id, or reset its "
                             f"password with: curriculum accounts reset {person.id}")
    _groups()
    _run("useradd", "--create-home", "--shell", "/bin/bash", "--comment", person.name,
         "--gid", ROLES[person.role], person.id)
    Path(pwd.getpwnam(person.id).pw_dir).chmod(0o700)
    return FirstLogin(person, _set_password(person.id))


def import_roster(path: Path) -> tuple[list[FirstLogin], list[Person]]:
    """Make an account for everyone on the roster who has none; gives the new ones, and those already there."""
    people = read_roster(path)
    _require_root()
    existing = [p for p in people if _exists(p.id)]
    return [add(p) for p in people if p not in existing], existing


def _ours(account: str) -> Person:
    try:
        entry = pwd.getpwnam(account)
    except KeyError:
        raise ClassroomError(f"there is no account {account}") from None
    roles = {group: role for role, group in ROLES.items()}
    group = grp.getgrgid(entry.pw_gid).gr_name
    if group not in roles:
        raise ClassroomError(f"{account} is not a course account (its group is {group}); it was left alone")
    return Person(account, entry.pw_gecos.split(",")[0], roles[group])


def reset(account: str) -> FirstLogin:
    """A new first password for a course account."""
    _require_root()
    return FirstLogin(_ours(account), _set_password(account))


def remove(account: str) -> Path:
    """Remove a course account so it can no longer log in; its home, with its work, is kept. Gives the home."""
    _require_root()
    _ours(account)
    home = Path(pwd.getpwnam(account).pw_dir)
    _run("userdel", account)
    return home


SHEET = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>First login</title>
<style>body{{font:16pt sans-serif}} .card{{border:2px dashed #555;padding:1em;margin:1em 0;break-inside:avoid}}
code{{font-size:18pt}}</style></head><body>
{cards}
</body></html>
"""
CARD = """<div class="card"><h2>{name}</h2>
<p>Open this address: <code>{address}</code></p>
<p>Your user name: <code>{id}</code></p>
<p>Your first password: <code>{password}</code></p>
<p>Keep this card safe. Ask your teacher if you cannot log in.</p></div>"""


def sheet(logins: Iterable[FirstLogin], address: str) -> str:
    """A printable page with one card per person: the address, their user name and first password."""
    return SHEET.format(cards="\n".join(CARD.format(
        name=html.escape(login.person.name), id=html.escape(login.person.id),
        password=html.escape(login.password), address=html.escape(address)) for login in logins))
