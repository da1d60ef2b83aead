"""The ``curriculum`` command: a thin layer over the toolkit's functions, grouped by who uses them."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .author import new, report
from .author.gates import GATES
from .classroom import accounts, bundle, gradebook, hub, installcheck, lab, media, operations, pages
from .classroom.grading import Engine, LearnerResult, grade
from .core import table
from .core.build import build
from .core.catalog import Assignment
from .core.course import Course, find_root
from .core.engine import environment
from .errors import CatalogError, CurriculumError

Run = Callable[[Course, argparse.Namespace], int]


def cmd_list(course: Course, args: argparse.Namespace) -> int:
    """Print modules and assignments as a table."""
    rows = [(a.id, a.title, str(a.minutes), ", ".join(a.prerequisites) or "-")
            for module in course.catalog.modules for a in module.assignments]
    print(table.render(("assignment", "title", "minutes", "needs first"), rows))
    print()
    for module in course.catalog.modules:
        count = len(module.assignments)
        print(f"{module.id}: {module.title}, {count} assignment{'' if count == 1 else 's'}, "
              f"{module.minutes / 60:.1f} hours")
    return 0


def cmd_new(course: Course, args: argparse.Namespace) -> int:
    """Create a module, or an assignment at the end of a module."""
    if args.kind == "module":
        path = new.new_module(course, args.id)
        print(f"Made {path.relative_to(course.root)}. Add its first assignment with: "
              f"curriculum new assignment {args.id} SLUG")
        return 0
    if args.slug is None:
        raise CatalogError("Say which module and slug: curriculum new assignment MODULE SLUG")
    made = new.new_assignment(course, args.id, args.slug)
    print(f"Made {made.id}: source/{made.id}/{made.notebook_name}, its catalog entry and "
          f"tests/mistakes/{made.id}.yaml.\nEdit them, then run: curriculum check {made.id}")
    return 0


def cmd_build(course: Course, args: argparse.Namespace) -> int:
    """Regenerate release/ from source/."""
    for assignment in course.select(args.assignment):
        target = build(course, assignment)
        print(f"built {target.relative_to(course.root)}", flush=True)
    return 0


def _gates(course: Course, assignments: Sequence[Assignment], names: Sequence[str], whole_course: bool) -> bool:
    """Run the quality gates, printing a row as each finishes; True if all passed."""
    widths = report.widths(assignments, names)
    print(table.header(widths, report.HEADERS))
    passed = True
    for row in report.check(course, assignments, names, whole_course=whole_course):
        print(table.row(widths, row.cells()), flush=True)
        passed &= row.outcome.passed
    print("\nAll gates passed." if passed else "\nSome gates failed: fix what the table says, then run again.")
    return passed


def cmd_check(course: Course, args: argparse.Namespace) -> int:
    """Run the quality gates; exit 1 if any fails."""
    passed = _gates(course, course.select(args.assignment), report.gate_names(args.gate), args.assignment is None)
    return 0 if passed else 1


def cmd_classroom(course: Course, args: argparse.Namespace) -> int:
    """Start JupyterLab for the classroom."""
    return lab.start(course, args.port, args.token, tuple(args.learner or ()))


def cmd_release(course: Course, args: argparse.Namespace) -> int:
    """Build if stale, then release an assignment to the exchange."""
    assignment = course.catalog.assignment(args.assignment)
    rebuilt = operations.release(course, assignment)
    print(f"Released {assignment.id}" + (" (release/ was out of date and has been rebuilt)." if rebuilt else "."))
    return 0


def _who_has_a_submission(learners: Sequence[str]) -> None:
    print(f"{len(learners)} learners have a submission: {', '.join(learners) or 'none yet'}")


def cmd_collect(course: Course, args: argparse.Namespace) -> int:
    """Collect submissions from the exchange; say which were refused or need a look."""
    collected = operations.collect(course, course.catalog.assignment(args.assignment))
    _who_has_a_submission(collected.learners)
    for check in collected.checks:
        if check.refused:
            print(f"Refused the submission of {check.learner}: {check.refused}. It is still in the exchange's "
                  f"inbound folder; ask {check.learner} to submit again from their own account.")
        if check.flagged:
            print(f"Look at the submission of {check.learner}: {check.flagged}.")
    return 0


def summary(results: Sequence[LearnerResult]) -> str:
    """The grading summary: every learner, score, and any problem in plain words."""
    return table.render(("learner", "score", "problems"), [
        (r.learner, f"{r.score:g} / {r.max_score:g}" if r.max_score else "not graded", r.problems or ("-",))
        for r in results])


def cmd_grade(course: Course, args: argparse.Namespace) -> int:
    """Grade every collected submission; exit 1 unless every learner was graded."""
    assignment = course.catalog.assignment(args.assignment)
    if args.no_sandbox:
        print("Warning: grading without the sandbox. Learner code runs as you: it can read the solutions, "
              "the gradebook and other learners' work, and reach the network.", file=sys.stderr)
    engine = Engine.best(sandboxed=not args.no_sandbox)
    results = grade(course, assignment.id, args.jobs, engine=engine)
    if not results:
        print(f"No submissions of {assignment.id} to grade. Collect them first: curriculum collect {assignment.id}")
        return 1
    print(f"How learner code ran: {engine.value}.")
    print(summary(results))
    failed = [r.learner for r in results if not r.graded]
    print(f"\nGraded {len(results) - len(failed)} of {len(results)} learners."
          + (f" Not graded: {', '.join(failed)}." if failed else ""))
    return 1 if failed else 0


def cmd_feedback(course: Course, args: argparse.Namespace) -> int:
    """Generate and release feedback."""
    outcome = operations.feedback(course, course.catalog.assignment(args.assignment))
    print(f"Released feedback to {len(outcome.released)} learners. They fetch it in the Assignments panel.")
    for learner, folder in outcome.to_hand_out.items():
        print(f"{learner} handed in on removable media: copy {folder} back to them.")
    return 0


@contextmanager
def _writing(to: Path) -> Iterator[Path]:
    """Write a file the user named; a folder that is missing or locked is a plain message."""
    try:
        yield to
    except OSError as error:
        raise CurriculumError(f"could not write {to}: {error.strerror}; choose another file with --to") from None
    print(f"Wrote {to}")


def _write(text: str, to: Path) -> int:
    with _writing(to):
        to.write_text(text, encoding="utf-8")
    return 0


def cmd_export(course: Course, args: argparse.Namespace) -> int:
    """Export every grade as CSV."""
    print(f"Wrote {operations.export_csv(course, args.to)}")
    return 0


def cmd_report(course: Course, args: argparse.Namespace) -> int:
    """Write the progress report."""
    return _write(pages.report(course), args.to)


def cmd_transcript(course: Course, args: argparse.Namespace) -> int:
    """Write one learner's transcript."""
    return _write(pages.transcript(course, args.learner), args.to or Path(f"transcript-{args.learner}.html"))


def cmd_pack(course: Course, args: argparse.Namespace) -> int:
    """Zip an assignment for removable media."""
    assignment = course.catalog.assignment(args.assignment)
    with _writing(args.to or Path(f"{assignment.id}.zip")) as to:
        media.pack(course, assignment, to)
    return 0


def cmd_import_zips(course: Course, args: argparse.Namespace) -> int:
    """Collect learners' zips from removable media."""
    _who_has_a_submission(media.import_zips(course, course.catalog.assignment(args.assignment), args.zips))
    return 0


def cmd_server(course: Course, args: argparse.Namespace) -> int:
    """Start the classroom server (JupyterHub) for a room of learners."""
    return hub.start(hub.Server(course, args.root.resolve(), args.ip, args.port))


def cmd_accounts(course: Course, args: argparse.Namespace) -> int:
    """Make, reset or remove learner and instructor accounts, and write the first-login sheet."""
    if args.action == "remove":
        home = accounts.remove(args.id)
        print(f"Removed the account {args.id}: it can no longer log in. Its work is kept in {home}.")
        return 0
    if args.action == "import":
        logins, existing = accounts.import_roster(Path(args.id))
        for person in existing:
            print(f"{person.id} already has an account: left as it is.")
    elif args.action == "add":
        logins = [accounts.add(accounts.Person(args.id, args.name or args.id, args.role))]
    else:
        logins = [accounts.reset(args.id)]
    with _writing(args.sheet) as to:
        to.write_text(accounts.sheet(logins, args.address), encoding="utf-8")
        to.chmod(0o600)
    print(f"{len(logins)} first passwords are on {to}: print it, hand out the cards, then delete the file.")
    return 0


def cmd_gradebook(course: Course, args: argparse.Namespace) -> int:
    """Move the gradebook from SQLite to PostgreSQL."""
    moved = gradebook.migrate(course, args.to)
    print(f"Copied {sum(moved.rows.values())} rows ({moved.rows['student']} learners, {moved.rows['grade']} grades) "
          f"to {moved.target}.\nNow use it: in nbgrader_config.py, set\n"
          f"    c.CourseDirectory.db_url = {moved.target!r}\nThe SQLite gradebook is left as it was.")
    return 0


def cmd_bundle(course: Course, args: argparse.Namespace) -> int:
    """Build the offline install bundle."""
    made = bundle.build_bundle(course, args.to.resolve())
    print(f"Made {made.folder} ({made.files} files, {made.size / 2**20:.0f} MiB) and {made.tar.name}. "
          f"Check it against MANIFEST.tsv, carry it in, and run: sh install.sh DEST")
    return 0


def cmd_check_install(course: Course, args: argparse.Namespace) -> int:
    """Check a fresh install: the gates on one assignment, then a demo grade in the sandbox."""
    assignment = course.catalog.assignment(args.assignment) if args.assignment else \
        course.catalog.modules[0].assignments[0]
    if not _gates(course, [assignment], report.gate_names(None), whole_course=True):
        return 1
    engine, result = installcheck.demo_grade(course, assignment)
    print(f"A demo submission of {assignment.id} was graded ({engine.value}): {result.score:g} of "
          f"{result.max_score:g}.\nThe install works.")
    return 0


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, one line of help, what it runs and its arguments."""

    name: str
    help: str
    run: Run
    arguments: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = field(default=())


def arg(*names: str, **options: Any) -> tuple[tuple[str, ...], dict[str, Any]]:
    """One argument of a command, as ``argparse.add_argument`` takes it."""
    return names, options


ASSIGNMENT = arg("assignment", help="an assignment id, like python-01-first-steps")
ANY_ASSIGNMENT = arg("assignment", nargs="?", help="one assignment id (default: all)")

GROUPS: dict[str, tuple[Command, ...]] = {
    "for curriculum authors": (
        Command("list", "show modules and assignments", cmd_list),
        Command("new", "add a module, or an assignment at the end of a module", cmd_new, (
            arg("kind", choices=("module", "assignment")),
            arg("id", help="module id (for an assignment: the module it goes in)"),
            arg("slug", nargs="?", help="for an assignment: a short name, like loops"))),
        Command("build", "regenerate release/ from source/ with nbgrader", cmd_build, (ANY_ASSIGNMENT,)),
        Command("check", "run every quality gate and say what to fix", cmd_check, (
            ANY_ASSIGNMENT,
            arg("--gate", action="append", choices=list(GATES), help="run only this gate (repeatable)"))),
    ),
    "for instructors": (
        Command("classroom", "start JupyterLab with nbgrader on this computer", cmd_classroom, (
            arg("--port", type=int, default=8888, help="the first port to try (default: %(default)s)"),
            arg("--token", help="the login token (default: a new random one)"),
            arg("--learner", action="append", metavar="ID",
                help="also start a learner's own JupyterLab, as learner ID (repeatable)"))),
        Command("release", "build if needed, then release to the exchange", cmd_release, (ASSIGNMENT,)),
        Command("collect", "collect submissions from the exchange", cmd_collect, (ASSIGNMENT,)),
        Command("grade", "grade every collected submission, several at a time, in the sandbox", cmd_grade, (
            ASSIGNMENT,
            arg("--jobs", type=int, help="learners graded at once (default: one per core)"),
            arg("--no-sandbox", action="store_true",
                help="run learner code without the sandbox (not safe: it runs as you)"))),
        Command("feedback", "make feedback pages and release them", cmd_feedback, (ASSIGNMENT,)),
        Command("export", "every grade as CSV", cmd_export, (
            arg("--to", type=Path, default=Path("grades.csv"), help="the file to write (default: %(default)s)"),)),
        Command("report", "the progress report (HTML)", cmd_report, (
            arg("--to", type=Path, default=Path("report.html"), help="the file to write (default: %(default)s)"),)),
        Command("transcript", "a learner's printable record of learning", cmd_transcript, (
            arg("learner"),
            arg("--to", type=Path, help="the file to write (default: transcript-LEARNER.html)"))),
        Command("server", "the classroom server: one JupyterHub for a room of learners (needs root)", cmd_server, (
            arg("--ip", default="127.0.0.1", help="the address to listen on (default: %(default)s, this computer "
                                                  "only; give the server's classroom address to open it to the room)"),
            arg("--port", type=int, default=8000, help="(default: %(default)s)"),
            arg("--root", type=Path, default=Path("/srv/code-forward"),
                help="the server's folder: exchange, learners' settings, the hub's database (default: %(default)s)"))),
        Command("accounts", "learner and instructor accounts on a classroom server (needs root)", cmd_accounts, (
            arg("action", choices=("import", "add", "reset", "remove")),
            arg("id", help="for import: the roster CSV (id,name[,role]); otherwise the account id"),
            arg("--name", help="for add: the person's name, as on the first-login card"),
            arg("--role", choices=("learner", "instructor"), default="learner", help="for add (default: learner)"),
            arg("--sheet", type=Path, default=Path("first-login.html"),
                help="the first-login cards to print (default: %(default)s)"),
            arg("--address", default="the classroom address your teacher gives you",
                help="the hub's address, for the cards"))),
        Command("gradebook", "move the gradebook from SQLite to PostgreSQL (a classroom server)", cmd_gradebook, (
            arg("action", choices=("migrate",)),
            arg("--to", required=True, metavar="URL",
                help="an empty PostgreSQL database: postgresql+psycopg:///code_forward?host=/var/run/postgresql"))),
        Command("pack", "zip an assignment for a USB stick (no network)", cmd_pack, (
            ASSIGNMENT, arg("--to", type=Path, help="the zip file to write (default: ASSIGNMENT.zip)"))),
        Command("import-zips", "collect learners' zips from a USB stick", cmd_import_zips, (
            ASSIGNMENT, arg("zips", nargs="+", type=Path, help="one zip per learner, named LEARNER.zip"))),
    ),
    "for installing without internet": (
        Command("bundle", "build the offline install bundle (on a computer with the package registries)",
                cmd_bundle, (arg("--to", type=Path, default=Path("dist/bundle"),
                                 help="the folder to make; a .tar of it goes beside it (default: %(default)s)"),)),
        Command("check-install", "check an install: the gates on one assignment, a demo grade in the sandbox",
                cmd_check_install, (arg("assignment", nargs="?", help="the assignment (default: the first)"),)),
    ),
}


def _overview() -> str:
    blocks = []
    for group, commands in GROUPS.items():
        width = max(len(c.name) for c in commands)
        blocks.append(f"commands {group}:\n" + "\n".join(f"  {c.name:<{width}}  {c.help}" for c in commands))
    return "\n\n".join(blocks) + "\n\nRun `curriculum COMMAND --help` for a command's options."


def parser() -> argparse.ArgumentParser:
    """The command line."""
    top = argparse.ArgumentParser(prog="curriculum", usage="%(prog)s [--root ROOT] COMMAND ...",
                                  description="Code Forward: build, check and run the course.",
                                  epilog=_overview(), formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--root", type=Path, help="the course folder (default: found from here)")
    top.add_argument("--version", action="version", version=f"%(prog)s {version('code-forward-curriculum')}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND", help=argparse.SUPPRESS)
    for command in (c for group in GROUPS.values() for c in group):
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        for names, options in command.arguments:
            sub.add_argument(*names, **options)
        sub.set_defaults(run=command.run)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line: a problem a person can fix is one plain message; anything else is a bug."""
    args = parser().parse_args(argv)
    # nbgrader, run in this process, starts its `alembic` script by name to make a new gradebook.
    os.environ["PATH"] = environment()["PATH"]
    try:
        course = Course(args.root.resolve() if args.root else find_root())
        return args.run(course, args)
    except CurriculumError as error:
        print(f"curriculum: {error}", file=sys.stderr)
        return 2
    except Exception:
        traceback.print_exc()
        print("curriculum: this is a bug in the toolkit, not something you did. Please report it with the "
              "lines above.", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
