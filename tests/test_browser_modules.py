"""The Web and Data modules in a real browser: a live page preview and a chart, with no network.

A learner who has answered every task runs the whole notebook in JupyterLab; the Web assignment's
preview widget draws the learner's page in a sandboxed frame and redraws it as the CSS is typed,
and the Data assignment draws its charts. Screenshots go to screenshots/browser/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from curriculum.classroom.lab import free_port
from curriculum.core import notebook as nb

from .browser import TOKEN, Offline, Shots, chromium, classroom
from .support import ROOT, answered, copy_course

WEB, DATA = "web-03-css-basics", "data-04-charts"
MINUTE = 60_000
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser-modules")]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """The instructor's JupyterLab on a course with a Web and a Data assignment, each answered in full."""
    course = copy_course(tmp_path_factory.mktemp("modules") / "course", WEB, DATA)
    for ident in (WEB, DATA):
        assignment = course.catalog.assignment(ident)
        folder = course.root / "learner" / ident
        folder.mkdir(parents=True)
        for data in course.source_dir(assignment).glob("data"):
            (folder / "data").symlink_to(data)
        nb.write(answered(course, assignment), folder / assignment.notebook_name)
    port = free_port(19300)
    with classroom(course.root, port, []) as _, chromium() as browser:
        offline = Offline()
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", offline.route)
        yield {"course": course, "base": f"http://127.0.0.1:{port}", "context": context}
        context.close()
    assert offline.attempts == [], f"requests beyond loopback: {offline.attempts}"


def run_all(page: Page, base: str, path: str) -> None:
    """Open the notebook at ``path`` and run every cell, until the kernel is idle again."""
    page.goto(f"{base}/lab/tree/{path}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel", timeout=2 * MINUTE)
    expect(page.locator(".jp-StatusBar-TextItem", has_text="Idle").first).to_be_visible(timeout=2 * MINUTE)
    page.get_by_role("menubar").get_by_text("Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    expect(page.locator(".jp-StatusBar-TextItem", has_text="Busy").first).to_be_visible(timeout=MINUTE)
    expect(page.locator(".jp-StatusBar-TextItem", has_text="Idle").first).to_be_visible(timeout=3 * MINUTE)


def test_the_css_preview_draws_the_learners_page_and_redraws_it_as_they_type(lab, request):
    shots = Shots(ROOT / "screenshots" / "browser" / request.node.name)
    page = lab["context"].new_page()
    run_all(page, lab["base"], f"learner/{WEB}/css-basics.ipynb")
    widget = page.locator(".jp-OutputArea-output:has(textarea)").first
    editor, frame = widget.locator("textarea"), widget.locator("iframe[sandbox]")
    editor.scroll_into_view_if_needed()
    expect(frame).to_be_visible(timeout=MINUTE)
    expect(frame.content_frame.locator("body")).not_to_be_empty()
    widget.evaluate("output => output.scrollIntoView({block: 'start'})")
    shots.take(page, "live-preview")
    before = frame.get_attribute("srcdoc")
    editor.fill("h2 { color: rgb(200, 0, 0); }")
    editor.press("End")
    expect(frame).not_to_have_attribute("srcdoc", before or "", timeout=MINUTE)
    assert "rgb(200, 0, 0)" in (frame.get_attribute("srcdoc") or "")
    widget.evaluate("output => output.scrollIntoView({block: 'start'})")
    shots.take(page, "live-preview-redrawn")
    assert page.evaluate("getComputedStyle(document.querySelector('.jp-NotebookPanel h2') || document.body).color") \
        != "rgb(200, 0, 0)", "the learner's CSS stays inside its frame, off JupyterLab"
    page.close()


def test_a_data_assignment_draws_its_charts(lab, request):
    shots = Shots(ROOT / "screenshots" / "browser" / request.node.name)
    page = lab["context"].new_page()
    run_all(page, lab["base"], f"learner/{DATA}/charts.ipynb")
    chart = page.locator(".jp-OutputArea-output img").first
    expect(chart).to_be_visible(timeout=MINUTE)
    chart.evaluate("img => img.scrollIntoView({block: 'center'})")
    assert page.locator(".jp-OutputArea-output img").count() >= 3
    assert chart.evaluate("img => img.naturalWidth") > 200
    shots.take(page, "chart")
    page.close()
