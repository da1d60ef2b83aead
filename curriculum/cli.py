"""The ``curriculum`` command: a thin layer over the toolkit's functions."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import authoring, classroom, media, operations, pages
from .build import build
from .catalog import CatalogError
from .check import check
from .course import Course, CourseNotFound, find_root
from .gates import GATES
from .grading import LearnerResult, grade
from .nbg import NbgraderFailed, environment
from .table import render


def cmd_list(course: Course, args: argparse.Namespace) -> int:
    """Print modules and assignments as a table."""
    rows = [(a.id, a.title, str(a.minutes), ", ".join(a.prerequisites) or "-")
            for module in course.catalog.modules for a in module.assignments]
    print(render(("assignment", "title", "minutes", "needs first"), rows))
    print()
    for module in course.catalog.modules:
        count = len(module.assignments)
        print(f"{module.id}: {module.title}, {count} assignment{'' if count == 1 else 's'}, "
              f"{module.minutes / 60:.1f} hours")
    return 0


def cmd_new(course: Course, args: argparse.Namespace) -> int:
    """Create a module, or an assignment at the end of a module."""
    if args.kind == "module":
        path = authoring.new_module(course, args.id)
        print(f"Made {path.relative_to(course.root)}. Add its first assignment with: "
              f"curriculum new assignment {args.id} SLUG")
        return 0
    if args.slug is None:
        raise CatalogError("Say which module and slug: curriculum new assignment MODULE SLUG")
    made = authoring.new_assignment(course, args.id, args.slug)
    print(f"Made {made.id}: source/{made.id}/{made.notebook_name}, its catalog entry and "
          f"tests/mistakes/{made.id}.yaml.\nEdit them, then run: curriculum check {made.id}")
    return 0


def cmd_build(course: Course, args: argparse.Namespace) -> int:
    """Regenerate release/ from source/."""
    for assignment in course.select(args.assignment):
        target = build(course, assignment)
        print(f"built {target.relative_to(course.root)}", flush=True)
    return 0


def cmd_check(course: Course, args: argparse.Namespace) -> int:
    """Run the quality gates; exit 1 if any fails."""
    gates = args.gate or None
    return 0 if check(course, course.select(args.assignment), gates, whole_course=args.assignment is None) else 1


def cmd_classroom(course: Course, args: argparse.Namespace) -> int:
    """Start JupyterLab for the classroom."""
    return classroom.start(course, args.port, args.token, tuple(args.learner or ()))


def cmd_release(course: Course, args: argparse.Namespace) -> int:
    """Build if stale, then release an assignment to the exchange."""
    assignment = course.catalog.assignment(args.assignment)
    rebuilt = operations.release(course, assignment)
    print(f"Released {assignment.id}" + (" (release/ was out of date and has been rebuilt)." if rebuilt else "."))
    return 0


def cmd_collect(course: Course, args: argparse.Namespace) -> int:
    """Collect submissions from the exchange."""
    learners = operations.collect(course, course.catalog.assignment(args.assignment))
    print(f"{len(learners)} learners have a submission: {', '.join(learners) or 'none yet'}")
    return 0


def summary(results: Sequence[LearnerResult]) -> str:
    """The grading summary: every learner, score, and any problem in plain words."""
    rows = []
    for result in results:
        score = f"{result.score:g} / {result.max_score:g}" if result.max_score else "not graded"
        first, *rest = result.problems or ("-",)
        rows.append((result.student, score, first))
        rows += [("", "", problem) for problem in rest]
    return render(("learner", "score", "problems"), rows)


def cmd_grade(course: Course, args: argparse.Namespace) -> int:
    """Grade every collected submission; exit 1 unless every learner was graded."""
    assignment = course.catalog.assignment(args.assignment)
    if args.no_sandbox:
        print("Warning: grading without the sandbox. Learner code runs as you: it can read the solutions, "
              "the gradebook and other learners' work, and reach the network.", file=sys.stderr)
    results = grade(course, assignment.id, args.jobs, sandbox=not args.no_sandbox)
    if not results:
        print(f"No submissions of {assignment.id} to grade. Collect them first: curriculum collect {assignment.id}")
        return 1
    print(summary(results))
    failed = [r.student for r in results if not r.graded]
    print(f"\nGraded {len(results) - len(failed)} of {len(results)} learners."
          + (f" Not graded: {', '.join(failed)}." if failed else ""))
    return 1 if failed else 0


def cmd_feedback(course: Course, args: argparse.Namespace) -> int:
    """Generate and release feedback."""
    outcome = operations.feedback(course, course.catalog.assignment(args.assignment))
    print(f"Released feedback to {len(outcome.released)} learners. They fetch it in the Assignments panel.")
    for student, folder in outcome.to_hand_out.items():
        print(f"{student} handed in on removable media: copy {folder} back to them.")
    return 0


def _write(text: str, to: Path | None, default: str) -> int:
    target = to or Path(default)
    target.write_text(text, encoding="utf-8")
    print(f"Wrote {target}")
    return 0


def cmd_export(course: Course, args: argparse.Namespace) -> int:
    """Export every grade as CSV."""
    print(f"Wrote {operations.export_csv(course, args.to or Path('grades.csv'))}")
    return 0


def cmd_report(course: Course, args: argparse.Namespace) -> int:
    """Write the progress report."""
    return _write(pages.report(course), args.to, "report.html")


def cmd_transcript(course: Course, args: argparse.Namespace) -> int:
    """Write one learner's transcript."""
    return _write(pages.transcript(course, args.learner), args.to, f"transcript-{args.learner}.html")


def cmd_pack(course: Course, args: argparse.Namespace) -> int:
    """Zip an assignment for removable media."""
    assignment = course.catalog.assignment(args.assignment)
    print(f"Wrote {media.pack(course, assignment, args.to or Path(f'{assignment.id}.zip'))}")
    return 0


def cmd_import_zips(course: Course, args: argparse.Namespace) -> int:
    """Collect learners' zips from removable media."""
    learners = media.import_zips(course, course.catalog.assignment(args.assignment), args.zips)
    print(f"{len(learners)} learners have a submission: {', '.join(learners)}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line."""
    top = argparse.ArgumentParser(prog="curriculum", description="Code Forward: build, check and run the course.")
    top.add_argument("--root", type=Path, help="the course folder (default: found from here)")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("list", help="show modules and assignments").set_defaults(run=cmd_list)

    new = commands.add_parser("new", help="add a module or an assignment")
    new.add_argument("kind", choices=("module", "assignment"))
    new.add_argument("id", help="module id (for an assignment: the module it goes in)")
    new.add_argument("slug", nargs="?", help="for an assignment: a short name, like loops")
    new.set_defaults(run=cmd_new)

    build_cmd = commands.add_parser("build", help="regenerate release/ from source/ with nbgrader")
    build_cmd.add_argument("assignment", nargs="?", help="one assignment id (default: all)")
    build_cmd.set_defaults(run=cmd_build)

    check_cmd = commands.add_parser("check", help="run every quality gate and say what to fix")
    check_cmd.add_argument("assignment", nargs="?", help="one assignment id (default: all)")
    check_cmd.add_argument("--gate", action="append", choices=list(GATES), help="run only this gate (repeatable)")
    check_cmd.set_defaults(run=cmd_check)

    for name, run, text in (("release", cmd_release, "build if needed, then release to the exchange"),
                            ("collect", cmd_collect, "collect submissions from the exchange"),
                            ("feedback", cmd_feedback, "make feedback pages and release them"),
                            ("pack", cmd_pack, "zip an assignment for a USB stick (no network)")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("assignment")
        if name == "pack":
            sub.add_argument("--to", type=Path, help="the zip file to write (default: ASSIGNMENT.zip)")
        sub.set_defaults(run=run)

    grade_cmd = commands.add_parser("grade", help="grade every collected submission, several at a time")
    grade_cmd.add_argument("assignment")
    grade_cmd.add_argument("--jobs", type=int, help="learners graded at once (default: one per core)")
    grade_cmd.add_argument("--no-sandbox", action="store_true",
                           help="run learner code without the sandbox (not safe: it runs as you)")
    grade_cmd.set_defaults(run=cmd_grade)

    zips = commands.add_parser("import-zips", help="collect learners' zips from a USB stick")
    zips.add_argument("assignment")
    zips.add_argument("zips", nargs="+", type=Path, help="one zip per learner, named LEARNER.zip")
    zips.set_defaults(run=cmd_import_zips)

    for name, run, text, default in (("export", cmd_export, "every grade as CSV", "grades.csv"),
                                     ("report", cmd_report, "the progress report (HTML)", "report.html")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--to", type=Path, help=f"the file to write (default: {default})")
        sub.set_defaults(run=run)

    transcript_cmd = commands.add_parser("transcript", help="a learner's printable record of learning")
    transcript_cmd.add_argument("learner")
    transcript_cmd.add_argument("--to", type=Path, help="the file to write (default: transcript-LEARNER.html)")
    transcript_cmd.set_defaults(run=cmd_transcript)

    room = commands.add_parser("classroom", help="start JupyterLab with nbgrader on this computer")
    room.add_argument("--port", type=int, default=8888)
    room.add_argument("--token", help="the login token (default: a new random one)")
    room.add_argument("--learner", action="append", metavar="ID",
                      help="also start a learner's own JupyterLab, as learner ID (repeatable)")
    room.set_defaults(run=cmd_classroom)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; problems are reported in one plain message."""
    args = parser().parse_args(argv)
    os.environ["PATH"] = environment()["PATH"]  # nbgrader runs `alembic`, and the classroom runs Jupyter
    try:
        course = Course(args.root.resolve() if args.root else find_root())
        return args.run(course, args)
    except (CatalogError, CourseNotFound, NbgraderFailed, ValueError, RuntimeError, OSError) as error:
        print(f"curriculum: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
