"""The offline install bundle: the course, its wheels, its Debian packages and an installer, in one folder.

It is built on a computer that can reach the package registries, then carried into a classroom
with no internet and installed there with ``install.sh`` alone. Every file is listed in
``MANIFEST.tsv`` with its SHA-256 and licence, so whoever inspects it before it goes in can
check each one, and ``install.sh`` checks them all before it installs anything.
"""

from __future__ import annotations

import hashlib
import io
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from zipfile import ZipFile

import yaml
from packaging.utils import parse_wheel_filename

from ..core.course import Course
from ..errors import ClassroomError, MissingTool

#: What a classroom server needs beyond Python packages: the sandbox, a virtual environment, make,
#: and for a classroom server (`curriculum server`) the hub's proxy and PostgreSQL for the gradebook.
DEBIAN_PACKAGES = ("bubblewrap", "python3.11-venv", "make", "node-configurable-http-proxy", "postgresql")
PYTHON = (3, 11)
MACHINE = "x86_64"
COURSE_LICENCE = "MIT (Code Forward course)"
LOCK = "requirements.lock"
MANIFEST = "MANIFEST.tsv"
APT_DEPENDS = ("apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
               "--no-breaks", "--no-replaces", "--no-enhances")

#: Licences told apart by words only their texts hold, for wheels that give no licence's name.
KNOWN_LICENCES = (
    ("BSD-3-Clause", ("Redistribution and use in source and binary forms", "Neither the name")),
    ("BSD-2-Clause", ("Redistribution and use in source and binary forms",)),
    ("MIT", ("Permission is hereby granted, free of charge",)),
    ("Apache-2.0", ("Apache License", "Version 2.0")),
    ("PSF-2.0", ("PYTHON SOFTWARE FOUNDATION LICENSE",)),
)

#: Lines of `apt-cache policy`: a version (" *** 1.2-3 100"), then the sources that have it ("        500 http...").
VERSION_LINE = re.compile(r"^ (?:\*\*\*|   ) (\S+) -?\d+$")
SOURCE_LINE = re.compile(r"^ {8}-?\d+ \S")

Say = Callable[[str], None]


@dataclass(frozen=True)
class Bundle:
    """A built bundle: its folder, the tar of it, and what is in it."""

    folder: Path
    tar: Path
    files: int
    size: int


def _run(command: list[str], what: str, cwd: Path | None = None) -> str:
    """Run a step of the build; a failure says which step, and what the tool said."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        raise ClassroomError(f"could not {what}: {(done.stderr or done.stdout).strip()[-2000:]}")
    return done.stdout


def _require_like_the_classroom() -> None:
    """The wheels are chosen for this computer, so it must be the kind the classroom server is."""
    if sys.version_info[:2] != PYTHON or platform.machine() != MACHINE or sys.platform != "linux":
        raise ClassroomError(
            f"build the bundle on Linux on {MACHINE} with Python {PYTHON[0]}.{PYTHON[1]}, like the classroom server: "
            f"this is {sys.platform} on {platform.machine()} with Python {platform.python_version()}")
    for tool in ("git", "apt-get", "apt-cache", "dpkg-deb", "dpkg-scanpackages"):
        if shutil.which(tool) is None:
            package = "dpkg-dev" if tool == "dpkg-scanpackages" else tool
            raise MissingTool(f"making the bundle needs `{tool}`: sudo apt-get install {package}")


def _copy_course(root: Path, target: Path, say: Say) -> None:
    """The course as committed (``git archive HEAD``): learner records are never in it."""
    archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", "HEAD"], capture_output=True)
    if archive.returncode:
        raise ClassroomError(f"could not read the course from git (is {root} a git checkout with a commit?): "
                             f"{archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    commit = _run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], "read the commit").strip()
    changed = _run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"], "read git status")
    say(f"    commit {commit}" + (": changes not committed are left out" if changed.strip() else ""))


def _wheels(course: Path, target: Path) -> None:
    """The course's toolkit as a wheel, then every wheel it needs (no source packages: nothing is built later)."""
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    with tempfile.TemporaryDirectory() as tmp:  # built from a copy: building leaves files behind
        shutil.copytree(course, tmp, dirs_exist_ok=True)
        _run([*pip, "wheel", "--quiet", "--no-deps", "-w", str(target), tmp], "build the course's wheel")
    project = next(target.glob("code_forward_curriculum-*.whl"))
    _run([*pip, "download", "--quiet", "--only-binary=:all:", "-d", str(target), str(project)],
         "download the wheels (is the package registry reachable?)")


def sha256(path: Path) -> str:
    """The SHA-256 of a file, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_lock(wheels: Path, lock: Path) -> None:
    """A pinned, hashed requirements file for exactly the wheels in ``wheels``."""
    lines = []
    for wheel in sorted(wheels.glob("*.whl")):
        name, release, _, _ = parse_wheel_filename(wheel.name)
        lines.append(f"{name}=={release} --hash=sha256:{sha256(wheel)}")
    lock.write_text("# Every Python package of the course, pinned and hashed: pip install --require-hashes -r this\n"
                    + "\n".join(lines) + "\n", encoding="utf-8")


def debian_packages(names: tuple[str, ...] = DEBIAN_PACKAGES) -> list[str]:
    """``names`` and everything they depend on, as apt would install them on a bare system."""
    listed = _run([*APT_DEPENDS, *names], "list the Debian packages' dependencies")
    return sorted({line.strip() for line in listed.splitlines() if line and not line.startswith((" ", "<"))})


def downloadable(names: list[str]) -> list[str]:
    """``name=version`` for the newest version of each package that a package source has.

    What is installed here may have come from elsewhere (a vendor's Node, say): apt cannot download that.
    """
    chosen: dict[str, str] = {}
    name = version = None
    for line in _run(["apt-cache", "policy", *names], "read apt's versions of the packages").splitlines():
        if line and not line.startswith(" "):
            name, version = line.rstrip(":").split(":")[0], None
        elif found := VERSION_LINE.match(line):
            version = found.group(1)
        elif name and version and name not in chosen and SOURCE_LINE.match(line) and "dpkg/status" not in line:
            chosen[name] = f"{name}={version}"
    missing = [n for n in names if n not in chosen]
    if missing:
        raise ClassroomError(f"no package source has {', '.join(missing)}: run apt-get update, or add Debian's sources")
    return [chosen[n] for n in names]


def _debs(target: Path) -> None:
    """The Debian packages, and an index so apt can install from the folder."""
    _run(["apt-get", "download", *downloadable(debian_packages())],
         "download the Debian packages (run apt-get update first)", cwd=target)
    index = _run(["dpkg-scanpackages", "--multiversion", "."], "index the Debian packages", cwd=target)
    (target / "Packages").write_text(index, encoding="utf-8")
    (target / "wanted.txt").write_text(" ".join(DEBIAN_PACKAGES) + "\n", encoding="utf-8")  # what install.sh asks for


def _known_licence(text: str) -> str:
    """The name of a licence whose well-known words are in ``text`` (empty when none are)."""
    for name, words in KNOWN_LICENCES:
        if all(word in " ".join(text.split()) for word in words):
            return name
    return ""


def wheel_licence(path: Path) -> str:
    """A wheel's licence from its metadata: the licence expression, a one-line licence field, the
    classifiers, else the licence its licence text is (or that text's first line)."""
    with ZipFile(path) as wheel:
        names = [n for n in wheel.namelist() if ".dist-info/" in n and not n.endswith("/")]
        metadata = wheel.read(next(n for n in names if n.endswith("/METADATA"))).decode("utf-8", "replace")
        texts = [wheel.read(n).decode("utf-8", "replace") for n in names if "LICEN" in n.upper()]
    header = metadata.split("\n\n", 1)[0]
    fields = [line.split(": ", 1) for line in header.splitlines() if ": " in line and not line.startswith(" ")]
    stated = [v.strip() for k, v in fields if k == "License-Expression"]
    stated += [v.strip() for k, v in fields if k == "License" and v.strip() != "UNKNOWN"
               and f"License: {v}\n " not in header]  # a licence's name, not the start of its whole text
    stated.append(", ".join(v.split(" :: ")[-1] for k, v in fields if k == "Classifier" and v.startswith("License ::")))
    stated += [_known_licence(text) for text in [header, *texts]]
    stated += [line.strip()[:80] for text in texts for line in text.splitlines()[:1]]
    return next((value for value in stated if value), "not stated in the wheel")


def deb_licence(path: Path) -> str:
    """A Debian package's licences, from the ``License:`` lines of its copyright file."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", str(path), tmp], check=True, capture_output=True)
        found = list(Path(tmp).glob("usr/share/doc/*/copyright"))
        text = found[0].read_text(encoding="utf-8", errors="replace") if found else ""
    licences = dict.fromkeys(line.split(":", 1)[1].strip() for line in text.splitlines()
                             if line.startswith("License:") and line.split(":", 1)[1].strip())
    return ", ".join(licences)[:120] or f"see /usr/share/doc/{path.name.split('_')[0]}/copyright"


def _data_licences(course: Path) -> dict[str, str]:
    """Data files' licences, from each ``data/sources.yaml`` beside them."""
    found = {}
    for sources in course.glob("source/*/data/sources.yaml"):
        for name, entry in (yaml.safe_load(sources.read_text(encoding="utf-8")) or {}).items():
            found[str((sources.parent / name).relative_to(course))] = str(entry.get("licence", ""))
    return found


def _licence(path: Path, relative: str, data: dict[str, str]) -> str:
    if relative.startswith("wheels/") and path.suffix == ".whl":
        return wheel_licence(path)
    if relative.startswith("debs/") and path.suffix == ".deb":
        return deb_licence(path)
    course_path = relative.removeprefix("course/")
    if course_path.startswith("release/"):
        course_path = "source/" + course_path.removeprefix("release/")
    return data.get(course_path, COURSE_LICENCE)


def _all_files(folder: Path) -> Iterator[Path]:
    return (path for path in sorted(folder.rglob("*")) if path.is_file())


def write_manifest(folder: Path) -> int:
    """``MANIFEST.tsv``: every file of the bundle with its SHA-256, size and licence. Gives the count."""
    data = _data_licences(folder / "course")
    rows = [(sha256(path), str(path.stat().st_size), _licence(path, str(path.relative_to(folder)), data),
             str(path.relative_to(folder))) for path in _all_files(folder) if path.name != MANIFEST]
    (folder / MANIFEST).write_text("sha256\tbytes\tlicence\tpath\n"
                                   + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return len(rows) + 1


def _installer(target: Path) -> None:
    for name in ("install.sh", "README.txt"):
        (target / name).write_text((files(__package__) / "bundle_files" / name).read_text(encoding="utf-8"),
                                   encoding="utf-8")
    (target / "install.sh").chmod(0o755)


def build_bundle(course: Course, folder: Path, say: Say = print) -> Bundle:
    """Build the bundle in ``folder`` (made anew) and a ``.tar`` of it beside the folder."""
    _require_like_the_classroom()
    if folder.exists():
        if not (folder / MANIFEST).is_file() and any(folder.iterdir()):
            raise ClassroomError(f"{folder} is not empty and is not a bundle: choose another folder with --to")
        shutil.rmtree(folder)
    steps: list[tuple[str, Callable[[Path], None], str]] = [
        ("the course's files", lambda to: _copy_course(course.root, to, say), "course"),
        ("the Python wheels", lambda to: _wheels(folder / "course", to), "wheels"),
        ("the Debian packages", _debs, "debs"),
    ]
    for number, (what, step, name) in enumerate(steps, 1):
        say(f"[{number}/5] {what} ...")
        (folder / name).mkdir(parents=True)
        step(folder / name)
    write_lock(folder / "wheels", folder / LOCK)
    _installer(folder)
    say("[4/5] the manifest: every file's SHA-256 and licence ...")
    count = write_manifest(folder)
    tar = folder.with_suffix(".tar")
    say(f"[5/5] {tar.name} ...")
    with tarfile.open(tar, "w") as archive:
        archive.add(folder, arcname=folder.name)
    size = sum(path.stat().st_size for path in _all_files(folder))
    return Bundle(folder, tar, count, size)
