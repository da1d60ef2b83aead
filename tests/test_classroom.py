"""The classroom command, started for real: JupyterLab with nbgrader's extensions, offline."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from curriculum.classroom import free_port

from .conftest import copy_course

TOKEN = "classroom-test-token"


def get(port: int, path: str) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                     headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


@pytest.fixture
def classroom(tmp_path):
    """The classroom command running on a copy of the course; yields (port, banner)."""
    course = copy_course(tmp_path / "course", "python-01-first-steps")
    port = free_port(18800)
    process = subprocess.Popen(
        [sys.executable, "-m", "curriculum", "--root", str(course.root), "classroom", "--port", str(port),
         "--token", TOKEN], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                get(port, "/api/status")
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "the classroom did not answer within 90 s"
                time.sleep(0.5)
        yield port, course
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        process.stdout.close()


def test_the_classroom_serves_jupyterlab_formgrader_and_assignment_list(classroom):
    port, course = classroom
    status, page = get(port, "/lab")
    assert status == 200 and "JupyterLab" in page
    assert '"news": {"disabled": true}' in page

    status, page = get(port, "/formgrader")
    assert status == 200 and "<title>nbgrader formgrade</title>" in page

    status, body = get(port, "/formgrader/api/assignments")
    assert "python-01-first-steps" in [a["name"] for a in json.loads(body)]

    status, body = get(port, "/assignments?course_id=code-forward")
    assert json.loads(body)["success"] is True
    assert (course.root / "grading" / "exchange").is_dir()


def test_the_classroom_never_fetches_news_or_checks_for_updates(classroom):
    port, _ = classroom
    _, body = get(port, "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    defaults = json.loads(body)["schema"]["properties"]
    assert defaults["fetchNews"]["default"] == "false"
    assert defaults["checkForUpdates"]["default"] is False
