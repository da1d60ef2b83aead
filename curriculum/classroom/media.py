"""Classrooms with no network to the learners: assignments out, and submissions in, on removable media."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

from ..core.catalog import Assignment
from ..core.course import Course
from ..core.engine import run_nbgrader
from ..errors import ClassroomError

LEARNER_NOTE = """\
{title}

1. Copy the folder {id} to your computer.
2. Open {notebook} in JupyterLab and do the tasks.
3. Save your work. Give the whole folder back to your teacher.
"""


def pack(course: Course, assignment: Assignment, to: Path) -> Path:
    """Zip the learner version of ``assignment`` (release/) with a short note for learners."""
    folder = course.release_dir(assignment)
    if not folder.is_dir():
        raise ClassroomError(f"release/{assignment.id} does not exist yet; run `curriculum build {assignment.id}`")
    with zipfile.ZipFile(to, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                archive.write(path, Path(assignment.id) / path.relative_to(folder))
        archive.writestr(f"{assignment.id}/HOW-TO-HAND-IN.txt", LEARNER_NOTE.format(
            title=assignment.title, id=assignment.id, notebook=assignment.notebook_name))
    return to


def handed_in(path: Path) -> str:
    """When the work in a zip was last saved, in UTC, as nbgrader writes a submission's timestamp.txt.

    Feedback and late checks need it; nbgrader's zip collect only writes one when the file name holds it.
    """
    with zipfile.ZipFile(path) as archive:
        newest = max((dt.datetime(*info.date_time) for info in archive.infolist()), default=dt.datetime.now())
    return newest.astimezone().astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f %Z")


def import_zips(course: Course, assignment: Assignment, zips: list[Path]) -> list[str]:
    """Collect learners' zips (each named after the learner: ``<id>.zip`` or ``<id>_anything.zip``).

    nbgrader's zip collect puts each one in grading/submitted/<id>/<assignment>, exactly like a
    submission through the exchange. Returns the learner ids found.
    """
    missing = [str(z) for z in zips if not zipfile.is_zipfile(z)]
    if missing:
        raise ClassroomError(f"these are not zip files: {', '.join(missing)}; each learner's work comes as "
                             "one zip named after them, like ab123.zip")
    archive = course.archive_dir(assignment)
    if archive.exists():
        shutil.rmtree(archive)
    archive.mkdir(parents=True)
    for path in zips:
        shutil.copy2(path, archive / path.name)
    run_nbgrader(course, "zip_collect", assignment.id, "--force")
    for path in zips:
        stamp = course.submitted_dir(path.stem.split("_")[0], assignment) / "timestamp.txt"
        if stamp.parent.is_dir() and not stamp.exists():
            stamp.write_text(handed_in(path), encoding="utf-8")
    return course.learners_with_submission(assignment)
