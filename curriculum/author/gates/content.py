"""Gates that read files only: catalog, metadata, outputs, links, data, release."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ...core import notebook as nb
from ...core.build import stale_files
from ...core.course import Course
from ..testcells import marked_lines
from .context import Context, Outcome

GRADE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
URL = re.compile(r"\bhttps?://[^\s)\"'<>\]`]+", re.I)
LOCAL_HOSTS = re.compile(r"^https?://(localhost|127\.\d+\.\d+\.\d+|\[::1\])([:/]|$)", re.I)
NOTEBOOK_KEYS = {"kernelspec", "language_info"}
TEXT_SUFFIXES = {".ipynb", ".md", ".txt", ".csv", ".html", ".htm", ".css", ".js", ".json", ".py", ".yaml",
                 ".yml", ".tsv"}
REBUILD = "run `curriculum build {id}`; never edit release/ by hand"


def orphan_folders(course: Course) -> list[str]:
    """Problems for folders in source/ that the catalog does not list."""
    known = {a.id for a in course.catalog.assignments}
    folders = sorted(p.name for p in (course.root / "source").iterdir() if p.is_dir()) \
        if (course.root / "source").is_dir() else []
    return [f"source/{name} is not in the catalog; add an entry with `id: {name}` to "
            f"curriculum/modules/{name.split('-')[0]}.yaml, or remove the folder"
            for name in folders if name not in known and not name.startswith(".")]


def catalog(context: Context) -> Outcome:
    """The catalog entry has its source folder and notebook, named after the slug."""
    path = context.course.source_notebook(context.assignment)
    if not path.parent.is_dir():
        return Outcome([f"the catalog lists it, but source/{context.assignment.id}/ does not exist; "
                        f"create it with `curriculum new assignment` or remove the catalog entry"])
    if not path.is_file():
        found = ", ".join(p.name for p in path.parent.glob("*.ipynb")) or "none"
        return Outcome([f"the notebook must be called {path.name} (after the slug); notebooks found: {found}"])
    return Outcome()


def metadata(context: Context) -> Outcome:
    """Readable unique grade ids, points above zero, a test for every answer, kernel python3."""
    notebook = context.source
    problems: list[str] = []
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"the kernel is `{kernel}`; choose the `python3` kernel (Kernel > Change Kernel)")
    seen: set[str] = set()
    tests: list[str] = []
    answers: list[str] = []
    markers = context.course.markers
    for cell, meta in nb.graded_cells(notebook):
        grade_id = str(meta.get("grade_id", ""))
        where = f"cell `{grade_id or cell.get('id')}`"
        if not GRADE_ID.match(grade_id) or grade_id.startswith("cell_"):
            problems.append(f"{where}: the grade id must be readable, lowercase words joined by _ "
                            "(like `count_down` or `test_count_down`)")
        if grade_id in seen:
            problems.append(f"{where}: the grade id `{grade_id}` is used twice; give each cell its own")
        seen.add(grade_id)
        if meta.get("grade") and not (isinstance(meta.get("points"), (int, float)) and meta["points"] > 0):
            problems.append(f"{where}: a graded cell needs points above 0")
        if nb.is_test(cell):
            tests.append(grade_id)
            problems += _check_markers(cell.source, where, markers.begin_hidden, markers.end_hidden, required=False)
            if not grade_id.startswith("test_"):
                problems.append(f"{where}: a test cell's grade id starts with `test_`")
        elif nb.is_answer(cell) and cell.cell_type == "code":
            answers.append(grade_id)
            problems += _check_markers(cell.source, where, markers.begin_solution, markers.end_solution,
                                       required=True)
    for task in answers:
        if not any(t == f"test_{task}" or t.startswith(f"test_{task}_") for t in tests):
            problems.append(f"answer `{task}` has no test; add a test cell with grade id `test_{task}`")
    return Outcome(problems)


def _check_markers(source: str, where: str, begin: str, end: str, required: bool) -> list[str]:
    lines = source.splitlines()
    opened, closed = sum(begin in line for line in lines), sum(end in line for line in lines)
    if required and opened == 0:
        return [f"{where}: put the solution between `### {begin}` and `### {end}`"]
    if opened != closed:
        return [f"{where}: `### {begin}` and `### {end}` must come in pairs"]
    return []


def outputs(context: Context) -> Outcome:
    """The source notebook is committed without outputs, run counts or extra metadata."""
    problems = [f"cell `{cell.get('id')}` has outputs or a run count"
                for cell in context.source.cells
                if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))]
    extra = sorted(set(context.source.metadata) - NOTEBOOK_KEYS)
    if extra:
        problems.append(f"the notebook keeps extra metadata ({', '.join(extra)})")
    if problems:
        path = context.course.source_notebook(context.assignment).relative_to(context.course.root)
        problems.append("clear them: jupyter nbconvert --clear-output --ClearMetadataPreprocessor.enabled=True "
                        f"--inplace {path}")
    return Outcome(problems)


def external_urls(text: str) -> list[str]:
    """Every http(s) address in ``text`` that is not on this machine."""
    return [url for url in URL.findall(text) if not LOCAL_HOSTS.match(url)]


def no_external_links(context: Context) -> Outcome:
    """Nothing a learner sees points to the internet (localhost is fine)."""
    problems: list[str] = []
    for path in sorted(context.course.source_dir(context.assignment).rglob("*")):
        if path.suffix.lower() not in TEXT_SUFFIXES or ".ipynb_checkpoints" in path.parts:
            continue
        if path.suffix == ".ipynb":
            parts = [(f"cell `{c.get('id')}`", c.source) for c in nb.read(path).cells]
        else:
            parts = [("", path.read_text(encoding="utf-8", errors="replace"))]
        for where, text in parts:
            for url in external_urls(text):
                problems.append(f"{path.name} {where}: remove the internet address {url} "
                                "(learners have no internet; describe the source in words)")
    return Outcome(problems)


def data_sources(context: Context) -> Outcome:
    """Every data file has its origin and licence in data/sources.yaml."""
    folder = context.course.source_dir(context.assignment) / "data"
    files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != "sources.yaml") \
        if folder.is_dir() else []
    if not files:
        return Outcome()
    listing = folder / "sources.yaml"
    if not listing.is_file():
        return Outcome(["data/sources.yaml is missing; for each data file write its `origin:` and `licence:`"])
    entries = yaml.safe_load(listing.read_text(encoding="utf-8")) or {}
    if not isinstance(entries, dict):
        return Outcome(["data/sources.yaml must map each file name to its `origin:` and `licence:`"])
    problems = [f"data/{name}: add `{name}:` with `origin:` and `licence:` to data/sources.yaml"
                for name in files if name not in entries]
    for name, entry in entries.items():
        if name not in files:
            problems.append(f"data/sources.yaml lists {name}, which is not in data/; remove its entry")
        elif not isinstance(entry, dict) or not all(str(entry.get(k, "")).strip() for k in ("origin", "licence")):
            problems.append(f"data/sources.yaml, {name}: write both `origin:` and `licence:`")
    return Outcome(problems)


def release_current(context: Context) -> Outcome:
    """release/ holds exactly what a fresh build from source/ gives."""
    stale = stale_files(context.course, context.assignment)
    fix = REBUILD.format(id=context.assignment.id)
    return Outcome([f"release/{context.assignment.id}/{name} differs from a fresh build; {fix}"
                    for name in stale])


def secret_lines(source: nb.NotebookNode, markers: nb.Markers) -> set[str]:
    """Lines of solutions and hidden tests that appear nowhere else in the source notebook."""
    secret: set[str] = set()
    public: set[str] = set()
    for cell in source.cells:
        if cell.cell_type == "markdown" and nb.is_answer(cell):
            secret.update(line.strip() for line in cell.source.splitlines())
            continue
        for line, hidden in marked_lines(cell.source, markers):
            if hidden is not None:
                (secret if hidden else public).add(line.strip())
    return {line for line in secret - public if len(line) > 3}


def release_clean(context: Context) -> Outcome:
    """No solution text, no hidden test and no marker in the learner notebooks."""
    markers = context.course.markers
    secret = secret_lines(context.source, markers)
    problems: list[str] = []
    folder: Path = context.course.release_dir(context.assignment)
    for path in sorted(folder.rglob("*.ipynb")):
        for cell in nb.read(path).cells:
            for line in cell.source.splitlines():
                mark = line.strip()
                if mark in secret or markers.kind(line):
                    problems.append(f"{path.name} cell `{cell.get('id')}` shows a solution or hidden test: "
                                    f"`{mark}`; {REBUILD.format(id=context.assignment.id)}")
    return Outcome(problems)
