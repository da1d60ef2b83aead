"""The classroom in a real browser: a learner and an instructor, end to end, with no network.

Debian's Chromium is driven by Playwright. Every request to a host other than loopback is refused
and recorded, and each test fails if there was one. Screenshots of every step go to
screenshots/browser/ (git ignores it).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import FrameLocator, Locator, Page, expect

from curriculum.author.gates.mistakes import load_mistakes
from curriculum.classroom.lab import free_port
from curriculum.cli import main
from curriculum.core import notebook as nb
from curriculum.core.course import Course

from .browser import TOKEN, Offline, Shots, chromium, classroom
from .support import FIGURES, ROOT, answer_tasks, answered, copy_course

LEARNER = "learner1"
SHOTS = ROOT / "screenshots" / "browser"
MINUTE = 60_000

# the journeys follow each other, in one classroom
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]


def first_assignment() -> str:
    return Course(ROOT).catalog.assignments[0].id


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """A course with the first assignment released, the classroom running with one learner view."""
    assignment = first_assignment()
    course = copy_course(tmp_path_factory.mktemp("browser") / "course", assignment)
    assert main(["--root", str(course.root), "release", assignment]) == 0
    port = free_port(19100)
    with classroom(course.root, port, [LEARNER]) as (started, _), chromium() as browser:
        offline = Offline()
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", offline.route)
        yield {"course": course, "assignment": course.catalog.assignment(assignment), "started": started,
               "instructor": f"http://127.0.0.1:{port}", "learner": f"http://127.0.0.1:{port + 1}",
               "context": context, "offline": offline}
        context.close()
    assert offline.attempts == [], f"requests beyond loopback: {offline.attempts}"


def figure(text: str) -> None:
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with FIGURES.open("a", encoding="utf-8") as file:
        file.write(text + "\n")


def open_lab(page: Page, base: str) -> None:
    """Log in with a fresh layout, then reload without `reset` (links inside panels change the address)."""
    page.goto(f"{base}/lab?reset&token={TOKEN}")
    page.wait_for_selector("#jp-main-dock-panel", timeout=2 * MINUTE)
    page.goto(f"{base}/lab")
    page.wait_for_selector("#jp-main-dock-panel", timeout=2 * MINUTE)


def open_assignments(page: Page, base: str) -> None:
    """Open JupyterLab at ``base``, then its Assignments panel."""
    open_lab(page, base)
    page.get_by_text("Nbgrader", exact=True).click()
    page.get_by_role("menuitem", name="Assignment List").click()
    page.wait_for_selector("#nbgrader-assignment-list", timeout=MINUTE)


def wait_idle(page: Page) -> None:
    """Wait until the notebook's kernel is started and not busy."""
    expect(page.locator(".jp-StatusBar-TextItem", has_text="Idle").first).to_be_visible(timeout=2 * MINUTE)


def cell_at(notebook: Locator, index: int) -> Locator:
    """The cell at ``index`` in the notebook (JupyterLab numbers each cell it shows, from 0)."""
    return notebook.locator(f'.jp-Cell[data-windowed-list-index="{index}"]')


def replace_answer(page: Page, cell: Locator, code: str) -> None:
    """Type ``code`` over all of ``cell``'s code, as a learner would."""
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)


@contextmanager
def journey(room, shots: Shots) -> Iterator[Page]:
    """A fresh page in the offline browser; if a step fails, a screenshot of what the person saw."""
    page = room["context"].new_page()
    try:
        yield page
    except Exception:
        shots.take(page, "failure")
        raise
    finally:
        page.close()


@pytest.fixture
def shots(request):
    folder = SHOTS / request.node.name
    return Shots(folder)


def test_learner_fetches_works_validates_and_submits(room, shots):
    assignment = room["assignment"]
    with journey(room, shots) as page:
        open_assignments(page, room["learner"])
        released = page.locator("#released_assignments_list")
        expect(released).to_contain_text(assignment.id, timeout=MINUTE)
        figure(f"server start to the Assignments panel listing {assignment.id}: "
               f"{time.monotonic() - room['started']:.1f} s")
        shots.take(page, "assignments-listed")

        released.get_by_role("button", name="Fetch").click()
        downloaded = page.locator("#fetched_assignments_list")
        expect(downloaded).to_contain_text(assignment.id, timeout=MINUTE)
        shots.take(page, "fetched")

        # Work done in an earlier lesson: every answer but the first is already written on disk.
        path = next((room["course"].grading_dir / "learners" / LEARNER).rglob(assignment.notebook_name))
        tasks = answer_tasks(room["course"], assignment)
        written, _ = written_answer(room["course"], assignment)
        learner = answered(room["course"], assignment, [*tasks[1:], written])
        nb.write(learner, path)
        at = next(i for i, cell in enumerate(learner.cells)
                  if nb.is_answer(cell) and nb.nbgrader_meta(cell)["grade_id"] == tasks[0])
        assert nb.is_test(learner.cells[at + 1]), "the first answer's check cell is right under it"

        downloaded.get_by_text(assignment.id).click()
        downloaded.get_by_text(Path(assignment.notebook_name).stem, exact=True).click()
        notebook = page.locator(".jp-NotebookPanel:visible")
        expect(notebook).to_be_visible(timeout=MINUTE)
        wait_idle(page)
        expect(page.get_by_text("Select Kernel")).to_have_count(0)
        shots.take(page, "opened")

        first_answer, check = cell_at(notebook, at), cell_at(notebook, at + 1)
        expect(first_answer.locator(".cm-content")).to_contain_text("Not written yet")
        first_answer.evaluate("cell => cell.scrollIntoView({block: 'center'})")  # with the check cell under it
        first_answer.locator(".cm-content").click()
        # The check cell is collapsed: JupyterLab shows a placeholder, not its code.
        expect(check.locator(".jp-InputPlaceholder")).to_be_visible()
        expect(check.locator(".cm-content")).not_to_be_visible()
        shots.take(page, "check-cell-collapsed")
        page.keyboard.press("Shift+Enter")
        expect(first_answer.locator(".jp-OutputArea-output")).to_contain_text("Not written yet", timeout=MINUTE)
        wait_idle(page)
        page.keyboard.press("Shift+Enter")  # a cell that stopped with an error cancels the cells queued after it
        expect(notebook.locator(".jp-OutputArea-output", has_text="Not quite right yet.").first).to_be_visible(
            timeout=MINUTE)
        wait_idle(page)
        shots.take(page, "check-not-yet")

        # A recorded mistake whose message the learner has not seen yet, so the check must run again to show it.
        told = check.locator(".jp-Cell-outputArea")
        seen = " ".join(told.inner_text().split())
        mistake = next(m for m in load_mistakes(Course(ROOT).mistakes_file(assignment))
                       if m.task == tasks[0] and " ".join(m.message.split()) not in seen)
        replace_answer(page, first_answer, mistake.code.rstrip("\n"))
        page.keyboard.press("Shift+Enter")
        page.keyboard.press("Shift+Enter")
        expect(told).to_contain_text(mistake.message, timeout=MINUTE)
        expect(told).to_contain_text("Not quite right yet.")
        expect(told).not_to_contain_text("Traceback")
        wait_idle(page)
        told.scroll_into_view_if_needed()
        shots.take(page, "wrong-answer-message")

        solution = {c.get("id"): c.source for c in nb.read(room["course"].source_notebook(assignment)).cells}
        replace_answer(page, first_answer, "\n".join(
            line for line in solution[tasks[0]].splitlines()
            if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line))
        page.keyboard.press("Shift+Enter")
        page.keyboard.press("Shift+Enter")
        expect(notebook.locator(".jp-OutputArea-output", has_text="✓").first).to_be_visible(timeout=MINUTE)
        wait_idle(page)
        shots.take(page, "answer-checked")

        page.get_by_role("menubar").get_by_text("Run", exact=True).click()  # the lesson says "Run" too
        page.get_by_text("Run All Cells", exact=True).click()
        # Check cells are collapsed and show no run count: Run All is done when the last check gives a tick.
        last_check = max(i for i, cell in enumerate(learner.cells) if nb.is_test(cell))
        expect(cell_at(notebook, last_check).locator(".jp-Cell-outputArea")).to_contain_text("✓", timeout=2 * MINUTE)
        wait_idle(page)
        shots.take(page, "ran-all")

        page.keyboard.press("Control+S")
        # Validate saves too: let this save finish first, or the two saves race ("File Changed").
        expect(page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty")).to_have_count(0, timeout=MINUTE)
        clicked = time.monotonic()
        page.locator(".validate-button").first.click()
        dialog = page.locator(".jp-Dialog")
        expect(dialog).to_contain_text("Success", timeout=2 * MINUTE)
        figure(f"Validate click to its result: {time.monotonic() - clicked:.1f} s")
        shots.take(page, "validated")
        dialog.get_by_role("button").last.click()

        page.get_by_text("Assignments", exact=True).first.click()
        page.locator("#fetched_assignments_list").get_by_role("button", name="Submit").click()
        expect(page.locator("#submitted_assignments_list")).to_contain_text(assignment.id, timeout=MINUTE)
        shots.take(page, "submitted")


def close_success(frame: FrameLocator) -> None:
    """Wait for the Formgrader's success message, then close it."""
    modal = frame.locator(".modal.in, .modal.show").last
    expect(modal).to_contain_text("Success", timeout=2 * MINUTE)
    modal.locator(".modal-footer button").last.click()
    expect(modal).to_be_hidden(timeout=MINUTE)


def written_answer(course: Course, assignment) -> tuple[str, float]:
    """The grade id and points of the answer the instructor marks by hand."""
    return next((meta["grade_id"], float(meta["points"]))
                for _, meta in nb.graded_cells(nb.read(course.source_notebook(assignment)))
                if meta.get("grade") and meta.get("solution"))


def saved_mark(course: Course, assignment, grade_id: str, seconds: float = 30) -> float | None:
    """The mark the Formgrader saved for ``grade_id``, once it is in the gradebook."""
    deadline = time.monotonic() + seconds
    while True:
        with course.gradebook() as book:
            mark = book.find_grade(grade_id, Path(assignment.notebook_name).stem, assignment.id, LEARNER).manual_score
        if mark is not None or time.monotonic() > deadline:
            return mark
        time.sleep(0.5)


def test_instructor_collects_grades_marks_and_releases_feedback(room, shots):
    assignment, course = room["assignment"], room["course"]
    grade_id, points = written_answer(course, assignment)
    with journey(room, shots) as page:
        open_lab(page, room["instructor"])
        page.get_by_text("Nbgrader", exact=True).click()
        page.get_by_role("menuitem", name="Formgrader").click()
        frame = page.frame_locator("iframe").first
        row = frame.locator("tr", has_text=assignment.id).first
        expect(row).to_contain_text("released", timeout=MINUTE)
        shots.take(page, "formgrader")

        row.locator(".collect a").click()
        close_success(frame)
        expect(row.locator(".num-submissions")).to_have_text("1", timeout=MINUTE)
        shots.take(page, "collected")

        row.locator(".num-submissions a").click()
        learner = frame.locator("tr", has_text=LEARNER).first
        expect(learner).to_contain_text("needs autograding", timeout=MINUTE)
        learner.locator(".autograde a").click()
        close_success(frame)
        expect(learner.locator(".status")).to_contain_text("needs manual grading", timeout=MINUTE)
        shots.take(page, "autograded")

        frame.get_by_role("link", name="Manual Grading").click()
        frame.get_by_role("link", name=assignment.id).click()
        frame.get_by_role("link", name=Path(assignment.notebook_name).stem).click()
        frame.get_by_role("link", name="Submission #1").click()
        score = frame.locator(f"input.score#{grade_id}")
        expect(score).to_be_visible(timeout=MINUTE)
        for _ in range(6):  # a mark typed before the page's script is ready is lost: type it again
            score.fill(f"{points:g}")
            score.press("Tab")
            if saved_mark(course, assignment, grade_id, seconds=10) == points:
                break
        assert saved_mark(course, assignment, grade_id) == points
        shots.take(page, "marked")

        frame.get_by_role("link", name="Manual Grading").click()  # the grading page has only this way back
        frame.get_by_role("link", name="Manage Assignments").click()
        row = frame.locator("tr", has_text=assignment.id).first
        row.locator(".generate-feedback a").click()
        close_success(frame)
        row.locator(".release-feedback a").click()
        close_success(frame)
        shots.take(page, "feedback-released")
    with course.gradebook() as book:
        submission = book.find_submission(assignment.id, LEARNER)
        assert submission.score == submission.max_score, "one wrong answer fixed, the rest solved, the text marked"


def test_learner_fetches_and_opens_feedback(room, shots):
    assignment = room["assignment"]
    with journey(room, shots) as page:
        open_assignments(page, room["learner"])
        submitted = page.locator("#submitted_assignments_list")
        submitted.get_by_role("button", name="Fetch Feedback").click()
        view = submitted.get_by_text("(view feedback)").first
        expect(view).to_be_visible(timeout=MINUTE)
        shots.take(page, "feedback-fetched")

        view.click()
        listing = page.locator(".jp-DirListing-content")
        expect(listing).to_contain_text(".html", timeout=MINUTE)
        listing.get_by_text(".html").first.dblclick()
        feedback = page.frame_locator(".jp-HTMLViewer iframe, iframe.jp-HTMLViewer").first
        total = sum(float(meta["points"]) for _, meta in nb.graded_cells(nb.read(room["course"].source_notebook(
            assignment))) if meta.get("grade"))
        expect(feedback.locator("body")).to_contain_text(
            f"{Path(assignment.notebook_name).stem} (Score: {total:.1f} / {total:.1f})", timeout=MINUTE)
        expect(feedback.locator("body")).not_to_contain_text("BEGIN HIDDEN TESTS")
        shots.take(page, "feedback-opened")
