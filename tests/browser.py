"""Driving JupyterLab in Debian's Chromium with Playwright, offline, for the browser tests."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOOPBACK = re.compile(r"^(?:https?|wss?)://(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?/|^(?:data|blob|about):")
TOKEN = "browser-test-token"


@dataclass
class Offline:
    """Every request the pages tried to send beyond loopback (all of them are refused)."""

    attempts: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        if LOOPBACK.match(route.request.url):
            route.continue_()
        else:
            self.attempts.append(route.request.url)
            route.abort()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, with no background traffic of its own."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_http(url: str, process: subprocess.Popen[str], seconds: float = 120) -> None:
    """Wait until ``url`` answers (with the test token), or fail if the server stops first."""
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    while True:
        try:
            with urllib.request.urlopen(request, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                raise RuntimeError(f"the classroom stopped: {process.stdout.read() if process.stdout else ''}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer in {seconds:.0f} s") from None
            time.sleep(0.3)


@contextmanager
def classroom(root: Path, port: int, learners: list[str]) -> Iterator[tuple[float, subprocess.Popen[str]]]:
    """`curriculum classroom` with learner views; yields when every view answers, with the start time."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "curriculum", "--root", str(root), "classroom", "--port", str(port), "--token",
         TOKEN, *(arg for learner in learners for arg in ("--learner", learner))],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for offset in range(len(learners) + 1):
            wait_for_http(f"http://127.0.0.1:{port + offset}/api/status", process)
        yield started, process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


class Shots:
    """Numbered screenshots of each step, in a folder a person can look through."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):  # only this run's steps
            old.unlink()

    def take(self, page: Page, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
