"""The classroom command, started for real: JupyterLab with nbgrader's extensions, offline."""

from __future__ import annotations

import json
import urllib.request

import pytest

from curriculum.classroom.lab import free_port

from .browser import TOKEN, classroom
from .support import copy_course

pytestmark = pytest.mark.slow


def get(port: int, path: str) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                     headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=60) as response:  # the first Formgrader call sets up the gradebook
        return response.status, response.read().decode("utf-8")


@pytest.fixture
def room(tmp_path):
    """The classroom command running on a copy of the course; yields (port, course)."""
    course = copy_course(tmp_path / "course", "python-01-first-steps")
    port = free_port(18800)
    with classroom(course.root, port, []):
        yield port, course


def test_the_classroom_serves_jupyterlab_formgrader_and_assignment_list(room):
    port, course = room
    status, page = get(port, "/lab")
    assert status == 200 and "JupyterLab" in page
    assert '"news": {"disabled": true}' in page

    status, page = get(port, "/formgrader")
    assert status == 200 and "<title>nbgrader formgrade</title>" in page

    status, body = get(port, "/formgrader/api/assignments")
    assert "python-01-first-steps" in [a["name"] for a in json.loads(body)]

    status, body = get(port, "/assignments?course_id=code-forward")
    assert json.loads(body)["success"] is True
    assert course.exchange_dir.is_dir()


def test_the_classroom_never_fetches_news_or_checks_for_updates(room):
    port, _ = room
    _, body = get(port, "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    defaults = json.loads(body)["schema"]["properties"]
    assert defaults["fetchNews"]["default"] == "false"
    assert defaults["checkForUpdates"]["default"] is False
