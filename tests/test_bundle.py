"""The offline bundle's parts: the hashed lock, licences, the manifest, and the installer's refusals.

The whole journey (build, then install with no network and check the install) runs in ``.ci/run``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from zipfile import ZipFile

import pytest

from curriculum.classroom import bundle, installcheck
from curriculum.classroom.grading import Engine
from curriculum.core.course import Course, scratch_course
from curriculum.errors import ClassroomError

from .support import ROOT

INSTALL = Path(bundle.__file__).parent / "bundle_files" / "install.sh"


def wheel(folder: Path, name: str, version: str, metadata: str = "", licence: str | None = None) -> Path:
    path = folder / f"{name}-{version}-py3-none-any.whl"
    with ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-{version}.dist-info/METADATA",
                         f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{metadata}\nA description.\n")
        if licence is not None:
            archive.writestr(f"{name}-{version}.dist-info/licenses/LICENSE", licence)
    return path


def test_the_lock_pins_each_wheel_to_its_version_and_hash(tmp_path: Path) -> None:
    first, second = wheel(tmp_path, "flask", "3.1.3"), wheel(tmp_path, "quickjs_ng", "0.17.0.2")
    bundle.write_lock(tmp_path, tmp_path / "requirements.lock")
    lines = (tmp_path / "requirements.lock").read_text().splitlines()
    assert lines[1:] == [f"flask==3.1.3 --hash=sha256:{hashlib.sha256(first.read_bytes()).hexdigest()}",
                         f"quickjs-ng==0.17.0.2 --hash=sha256:{hashlib.sha256(second.read_bytes()).hexdigest()}"]


@pytest.mark.parametrize(("metadata", "licence", "expected"), [
    ("License-Expression: MIT\nClassifier: License :: OSI Approved :: BSD License", None, "MIT"),
    ("License: BSD-3-Clause", None, "BSD-3-Clause"),
    ("License: Copyright (c) 2015 Jupyter\n        Redistribution and use in source and binary forms\n"
     "        Neither the name", None, "BSD-3-Clause"),
    ("Classifier: License :: OSI Approved :: Apache Software License", None, "Apache Software License"),
    ("", "MIT License\n\nPermission is hereby granted, free of charge, to any person", "MIT"),
    ("", "Some licence of its own\nwith its own words", "Some licence of its own"),
    ("", None, "not stated in the wheel"),
])
def test_a_wheels_licence_is_read_from_what_it_states(tmp_path: Path, metadata: str, licence: str | None,
                                                      expected: str) -> None:
    assert bundle.wheel_licence(wheel(tmp_path, "thing", "1.0", metadata, licence)) == expected


def test_the_manifest_lists_every_file_with_its_hash_and_licence(tmp_path: Path) -> None:
    data = tmp_path / "course" / "source" / "data-01-x" / "data"
    data.mkdir(parents=True)
    (data / "jobs.csv").write_text("job,pay\n")
    (data / "sources.yaml").write_text("jobs.csv:\n  origin: made up\n  licence: CC0 1.0\n")
    released = tmp_path / "course" / "release" / "data-01-x" / "data"
    released.mkdir(parents=True)
    shutil.copy2(data / "jobs.csv", released / "jobs.csv")
    (tmp_path / "course" / "README.md").write_text("# Course\n")
    (tmp_path / "wheels").mkdir()
    wheel(tmp_path / "wheels", "flask", "3.1.3", "License-Expression: BSD-3-Clause")
    assert bundle.write_manifest(tmp_path) == 6
    rows = {row.split("\t")[3]: row.split("\t") for row in (tmp_path / "MANIFEST.tsv").read_text().splitlines()[1:]}
    assert rows["course/source/data-01-x/data/jobs.csv"][2] == "CC0 1.0"
    assert rows["course/release/data-01-x/data/jobs.csv"][2] == "CC0 1.0"
    assert rows["course/README.md"][:3] == [hashlib.sha256(b"# Course\n").hexdigest(), "9", bundle.COURSE_LICENCE]
    assert rows["wheels/flask-3.1.3-py3-none-any.whl"][2] == "BSD-3-Clause"
    assert "MANIFEST.tsv" not in rows


def test_the_debian_packages_bring_what_they_need() -> None:
    packages = bundle.debian_packages()
    assert {"bubblewrap", "python3.11-venv", "python3.11", "make", "libc6"} <= set(packages)


def installer(tmp_path: Path, shims: dict[str, str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run a copy of install.sh in an otherwise empty bundle, with fake commands first on PATH."""
    folder = tmp_path / "bundle"
    (folder / "bin").mkdir(parents=True)
    shutil.copy2(INSTALL, folder / "install.sh")
    digest = hashlib.sha256(INSTALL.read_bytes()).hexdigest()
    (folder / "MANIFEST.tsv").write_text(f"sha256\tbytes\tlicence\tpath\n{digest}\t1\tMIT\tinstall.sh\n")
    for name, script in shims.items():
        (folder / "bin" / name).write_text(f"#!/bin/sh\n{script}\n")
        (folder / "bin" / name).chmod(0o755)
    return subprocess.run(["sh", str(folder / "install.sh"), str(tmp_path / "dest")], capture_output=True, text=True,
                          env={**os.environ, "PATH": f"{folder / 'bin'}:{os.environ['PATH']}", **env})


def test_the_installer_refuses_another_kind_of_computer_in_plain_words(tmp_path: Path) -> None:
    done = installer(tmp_path, {"uname": '[ "$1" = -m ] && echo aarch64 || echo Linux'})
    assert done.returncode == 2
    assert "this bundle is for Linux on x86-64" in done.stderr and "this one is Linux on aarch64" in done.stderr
    assert not (tmp_path / "dest").exists()


def test_the_installer_refuses_another_python_before_it_changes_anything(tmp_path: Path) -> None:
    done = installer(tmp_path, {"python3.12": 'echo "Python 3.12.1"; exit 1'}, PYTHON="python3.12")
    assert done.returncode == 2
    assert "for Python 3.11, and python3.12 is Python 3.12.1" in done.stderr
    assert "PYTHON=python3.11 sh install.sh" in done.stderr and "[2/6]" not in done.stdout


def test_the_installer_stops_on_a_changed_file(tmp_path: Path) -> None:
    installer(tmp_path, {"uname": "echo other"})  # lays out the bundle, and stops at once
    (tmp_path / "bundle" / "README.txt").write_text("changed")
    manifest = tmp_path / "bundle" / "MANIFEST.tsv"
    manifest.write_text(manifest.read_text() + f"{'0' * 64}\t1\tMIT\tREADME.txt\n")
    done = subprocess.run(["sh", str(tmp_path / "bundle" / "install.sh"), str(tmp_path / "dest")],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "README.txt: FAILED" in done.stdout + done.stderr and "Copy the bundle again" in done.stderr


@pytest.mark.slow
def test_the_install_check_grades_a_demo_learner_with_all_right_in_the_sandbox(tmp_path: Path) -> None:
    course = Course(ROOT)
    assignment = course.catalog.assignment("python-00-getting-started")
    engine, result = installcheck.demo_grade(course, assignment)
    assert engine is Engine.best(sandboxed=True) and result.graded and result.score == 6 and not result.problems
    copy = scratch_course(course, tmp_path / "course", [assignment])
    notebook = copy.source_notebook(assignment)
    notebook.write_text(notebook.read_text().replace("### BEGIN SOLUTION", "raise ValueError('broken')\\n"))
    with pytest.raises(ClassroomError, match="scored 0, not 6 .*The install is not working"):
        installcheck.demo_grade(copy, assignment)


def test_each_debian_package_is_taken_at_a_version_a_package_source_has() -> None:
    """What is installed may come from a vendor (this machine's Node does): the bundle takes what apt can fetch."""
    for pinned in bundle.downloadable(["nodejs", "bubblewrap"]):
        name, version = pinned.split("=")
        sources = subprocess.run(["apt-cache", "madison", name], capture_output=True, text=True).stdout
        assert f"| {version} |" in sources, (pinned, sources)
    with pytest.raises(ClassroomError, match="no package source has no-such-package-here"):
        bundle.downloadable(["no-such-package-here"])
