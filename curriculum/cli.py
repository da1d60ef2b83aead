"""The ``curriculum`` command: a thin layer over the toolkit's functions."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import authoring, classroom
from .build import build
from .catalog import CatalogError
from .check import check
from .course import Course, CourseNotFound, find_root
from .gates import GATES
from .nbg import NbgraderFailed
from .table import render


def cmd_list(course: Course, args: argparse.Namespace) -> int:
    """Print modules and assignments as a table."""
    rows = [(a.id, a.title, str(a.minutes), ", ".join(a.prerequisites) or "-")
            for module in course.catalog.modules for a in module.assignments]
    print(render(("assignment", "title", "minutes", "needs first"), rows))
    print()
    for module in course.catalog.modules:
        hours = module.minutes / 60
        print(f"{module.id}: {module.title}, {len(module.assignments)} assignments, {hours:.1f} hours")
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
    return classroom.start(course, args.port, args.token)


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

    room = commands.add_parser("classroom", help="start JupyterLab with nbgrader on this computer")
    room.add_argument("--port", type=int, default=8888)
    room.add_argument("--token", help="the login token (default: a new random one)")
    room.set_defaults(run=cmd_classroom)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; problems are reported in one plain message."""
    args = parser().parse_args(argv)
    try:
        course = Course(args.root.resolve() if args.root else find_root())
        return args.run(course, args)
    except (CatalogError, CourseNotFound, NbgraderFailed, ValueError, RuntimeError) as error:
        print(f"curriculum: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
