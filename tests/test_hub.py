"""The classroom server, really started: JupyterHub on loopback, PAM logins, real Unix accounts.

Thirty learners log in at once and each gets a running JupyterLab (the time is printed as a
figure), and a learner's own kernel tries to reach what is not theirs. Accounts are named
``cfh-…`` and removed afterwards, homes too, even when a test fails.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import websocket
from playwright.sync_api import expect

from curriculum.classroom import accounts, hub
from curriculum.classroom.lab import free_port
from curriculum.classroom.operations import collect
from curriculum.core import notebook as nb
from curriculum.core.course import Course
from curriculum.errors import MissingTool

from .browser import Offline, Shots, chromium
from .support import FIGURES, answered, copy_course

LEARNERS = 30
PREFIX = "cfh-"
ASSIGNMENT = "python-01-first-steps"
MINUTE = 60_000
VENV = Path(__file__).resolve().parents[1] / ".venv"
SITE_PACKAGES = VENV / "lib" / "python3.11" / "site-packages"
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("accounts"),  # one at a time with other account tests
              pytest.mark.skipif(os.geteuid() != 0, reason="the hub and its accounts need root (CI runs as root)")]


@dataclass(frozen=True)
class Room:
    """A running hub, its course, and everyone's first password."""

    url: str
    token: str
    course: Course
    server: hub.Server
    passwords: dict[str, str]
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, f"{self.url}/hub/api{path}", timeout=60,
                                headers={"Authorization": f"token {self.token}"}, **kwargs)


def learners_python(folder: Path) -> Path:
    """A Python every account can reach, with the course's packages (this machine's own is under /root)."""
    subprocess.run(["/usr/bin/python3.11", "-m", "venv", str(folder)], check=True)
    (folder / "lib" / "python3.11" / "site-packages" / "course.pth").write_text(
        f"import site; site.addsitedir({str(SITE_PACKAGES)!r})\n")
    (folder / "etc").symlink_to(VENV / "etc")  # Jupyter's settings and extensions, found from sys.prefix
    (folder / "share").symlink_to(VENV / "share")
    python = folder / "bin" / "python"
    for script in (VENV / "bin").iterdir():  # the course's commands (nbgrader runs `alembic`), on this Python
        first, _, rest = script.read_bytes().partition(b"\n") if script.is_file() else (b"", b"", b"")
        if first == f"#!{VENV / 'bin' / 'python'}".encode() and not (folder / "bin" / script.name).exists():
            (folder / "bin" / script.name).write_bytes(f"#!{python}\n".encode() + rest)
            (folder / "bin" / script.name).chmod(0o755)
    return python


def remove_accounts() -> None:
    for entry in pwd.getpwall():
        if entry.pw_name.startswith(PREFIX):
            subprocess.run(["pkill", "-KILL", "-u", entry.pw_name], capture_output=True)
            subprocess.run(["userdel", "-r", entry.pw_name], capture_output=True)


@pytest.fixture(scope="module")
def room() -> Iterator[Room]:
    remove_accounts()
    folder = Path(tempfile.mkdtemp(prefix="curriculum-hub-", dir="/tmp"))
    folder.chmod(0o755)
    process = None
    try:
        people = [accounts.Person(f"{PREFIX}teach", "Sam Teach", "instructor")]
        people += [accounts.Person(f"{PREFIX}l{n:02}", f"Learner {n}") for n in range(1, LEARNERS + 1)]
        passwords = {login.person.id: login.password for login in map(accounts.add, people)}
        course = copy_course(folder / "course", ASSIGNMENT)
        server = hub.Server(course, folder / "srv", "127.0.0.1", free_port(18000), learners_python(folder / "py"))
        hub.require(server)
        token = uuid.uuid4().hex
        config = hub.prepare(server)
        config.write_text(config.read_text() + (
            f"\nc.JupyterHub.services.append({{'name': 'tests', 'api_token': {token!r}}})\n"
            "c.JupyterHub.load_roles.append({'name': 'tests', 'services': ['tests'], 'scopes': "
            "['admin:users', 'admin:servers', 'access:servers', 'tokens', 'list:users']})\n"))
        args, env = hub.command(config)
        process = subprocess.Popen(args, cwd=server.state, env=env, stdout=subprocess.DEVNULL,
                                   stderr=open(folder / "hub.log", "w"), start_new_session=True)
        found = Room(server.url, token, Course(course.root), server, passwords, folder / "hub.log")
        for _ in range(120):
            try:
                if found.api("GET", "/").ok:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("the hub did not start: " + found.log_tail())
        yield found
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
        remove_accounts()
        shutil.rmtree(folder, ignore_errors=True)


def log_in(room: Room, name: str) -> requests.Session:
    """Log in through the hub's login page with the password, as a learner's browser does."""
    session = requests.Session()
    session.get(f"{room.url}/hub/login", timeout=60)
    reply = session.post(f"{room.url}/hub/login", timeout=180, allow_redirects=False, data={
        "username": name, "password": room.passwords[name], "_xsrf": session.cookies["_xsrf"]})
    assert reply.status_code == 302, f"{name} could not log in: {reply.status_code}"
    session.get(f"{room.url}/hub/spawn", timeout=180)
    return session


def until_running(room: Room, session: requests.Session, name: str, started: float) -> float:
    """Seconds from ``started`` until the learner's own JupyterLab answers them."""
    for _ in range(600):
        reply = session.get(f"{room.url}/user/{name}/lab", timeout=60)  # through the hub's own OAuth login
        if reply.status_code == 200 and reply.url.endswith(f"/user/{name}/lab"):
            return time.monotonic() - started
        time.sleep(0.5)
    raise AssertionError(f"the server of {name} did not start:\n{room.log_tail()}")


def test_thirty_learners_log_in_at_once_and_each_gets_a_running_jupyterlab(room: Room) -> None:
    names = [f"{PREFIX}l{n:02}" for n in range(1, LEARNERS + 1)]
    started = time.monotonic()
    with ThreadPoolExecutor(LEARNERS) as pool:
        seconds = list(pool.map(lambda name: until_running(room, log_in(room, name), name, started), names))
    figure = (f"hub: {LEARNERS} learners logged in at once, every JupyterLab running after {max(seconds):.1f} s "
              f"(first {min(seconds):.1f} s, median {sorted(seconds)[LEARNERS // 2]:.1f} s)")
    print(figure)
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with FIGURES.open("a", encoding="utf-8") as figures:
        figures.write(figure + "\n")
    users = {user["name"]: user for user in room.api("GET", "/users").json()}
    assert all(users[name]["servers"][""]["ready"] for name in names)
    with pytest.raises(AssertionError, match="could not log in: 403"):
        log_in(Room(room.url, room.token, room.course, room.server, {names[0]: "wrong-password-1"}, room.log),
               names[0])


def run_in_kernel(room: Room, name: str, code: str) -> str:
    """Run ``code`` in a new kernel of ``name``'s own JupyterLab; gives what it printed (or its error)."""
    scopes = [f"access:servers!user={name}"]
    made = room.api("POST", f"/users/{name}/tokens", json={"expires_in": 600, "scopes": scopes})
    assert made.ok, made.text
    token = made.json()["token"]
    headers = {"Authorization": f"token {token}"}
    base = f"{room.url}/user/{name}/api"
    if requests.get(f"{base}/status", headers=headers, timeout=60).status_code != 200:
        room.api("POST", f"/users/{name}/server")
        for _ in range(240):
            if requests.get(f"{base}/status", headers=headers, timeout=60).status_code == 200:
                break
            time.sleep(0.5)
    kernel = requests.post(f"{base}/kernels", headers=headers, json={"name": "python3"}, timeout=120).json()["id"]
    channel = websocket.create_connection(f"{base.replace('http', 'ws', 1)}/kernels/{kernel}/channels",
                                          header=[f"Authorization: token {token}"], timeout=120)
    try:
        message_id = uuid.uuid4().hex
        channel.send(json.dumps({"header": {"msg_id": message_id, "msg_type": "execute_request", "session": "t",
                                            "username": name, "version": "5.3", "date": ""},
                                 "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                                 "content": {"code": code, "silent": False, "store_history": False,
                                             "user_expressions": {}, "allow_stdin": False}}))
        printed = []
        while True:
            reply = json.loads(channel.recv())
            if reply.get("parent_header", {}).get("msg_id") != message_id:
                continue
            kind, content = reply["msg_type"], reply["content"]
            if kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                printed.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(printed)
    finally:
        channel.close()
        requests.delete(f"{base}/kernels/{kernel}", headers=headers, timeout=60)


ATTEMPT = '''
import os, glob
def attempt(what, action):
    try:
        action()
        print(what, "REACHED")
    except OSError as error:
        print(what, "refused:", type(error).__name__)
attempt("another learner's home", lambda: open("/home/{other}/secret.txt").read())
attempt("another learner's kernels", lambda: os.listdir("/home/{other}/.local/share/jupyter/runtime"))
attempt("the submissions", lambda: os.listdir("{inbound}"))
attempt("the solutions", lambda: os.listdir("{course}/source"))
attempt("the gradebook", lambda: open("{course}/grading/gradebook.db", "rb").read())
print("umask", oct(os.umask(0o077)))
'''


def test_a_learners_kernel_cannot_reach_what_is_not_theirs(room: Room) -> None:
    me, other = f"{PREFIX}l01", f"{PREFIX}l02"
    teach = f"{PREFIX}teach"
    released = subprocess.run(["runuser", "-u", teach, "--", "env", f"HOME=/home/{teach}", str(room.server.python),
                               "-m", "curriculum", "--root", str(room.course.root), "release", ASSIGNMENT],
                              capture_output=True, text=True)
    assert released.returncode == 0, released.stdout + released.stderr
    subprocess.run(["runuser", "-u", other, "--", "sh", "-c", "echo mine > ~/secret.txt"], check=True)
    inbound = room.server.exchange / room.course.directory.course_id / "inbound"
    printed = run_in_kernel(room, me, ATTEMPT.format(other=other, inbound=inbound, course=room.course.root))
    assert "REACHED" not in printed, printed
    assert printed.count("refused: PermissionError") == 5 and "umask 0o77" in printed, printed


def test_no_learners_kernel_listens_on_a_network_port(room: Room) -> None:
    run_in_kernel(room, f"{PREFIX}l03", "print('a kernel is running')")
    listening = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True, check=True).stdout
    kernels = [line for line in listening.splitlines() if "ipykernel" in line]
    assert kernels == [], "kernels talk over Unix sockets in their owner's home, never over TCP ports"


def test_a_submission_made_as_another_learner_is_refused_at_collect(room: Room) -> None:
    me, other = f"{PREFIX}l04", f"{PREFIX}l05"
    inbound = room.server.exchange / room.course.directory.course_id / "inbound"
    stamp = time.strftime("%Y-%m-%d %H:%M:%S.000000 UTC", time.gmtime())
    forged = inbound / f"{other}+{ASSIGNMENT}+{stamp}+forged"
    printed = run_in_kernel(room, me, f"import os\nos.makedirs({str(forged)!r})\n"
                                      f"open({str(forged / 'first-steps.ipynb')!r}, 'w').write('{{}}')\nprint('made')")
    assert printed.strip() == "made", printed
    collected = collect(room.course, room.course.catalog.assignment(ASSIGNMENT))
    assert {c.learner: c.refused for c in collected.checks}[other] == \
        f"it names {other}, but files in it belong to {me}"
    assert other not in collected.learners and forged.is_dir()


def as_instructor(room: Room, *args: str) -> str:
    """Run a `curriculum` command as the instructor, as from a terminal in their JupyterLab."""
    teach = f"{PREFIX}teach"
    done = subprocess.run(["runuser", "-u", teach, "--", "env", f"HOME=/home/{teach}", str(room.server.python),
                           "-m", "curriculum", "--root", str(room.course.root), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_through_the_hub_a_learner_hands_in_and_reads_the_feedback_in_a_browser(room: Room, request) -> None:
    learner = f"{PREFIX}l06"
    assignment = room.course.catalog.assignment(ASSIGNMENT)
    as_instructor(room, "release", ASSIGNMENT)
    shots = Shots(FIGURES.parent / "browser" / request.node.name)
    with chromium() as browser:
        offline = Offline()
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", offline.route)
        page = context.new_page()
        page.goto(f"{room.url}/hub/login")
        page.fill("#username_input", learner)
        page.fill("#password_input", room.passwords[learner])
        shots.take(page, "login")
        page.click("#login_submit")
        page.wait_for_selector("#jp-main-dock-panel", timeout=3 * MINUTE)
        assert page.url.startswith(f"{room.url}/user/{learner}/lab")
        shots.take(page, "own-jupyterlab")

        page.get_by_text("Nbgrader", exact=True).click()
        page.get_by_role("menuitem", name="Assignment List").click()
        released = page.locator("#released_assignments_list")
        expect(released).to_contain_text(ASSIGNMENT, timeout=MINUTE)
        released.get_by_role("button", name="Fetch").click()
        fetched = page.locator("#fetched_assignments_list")
        expect(fetched).to_contain_text(ASSIGNMENT, timeout=MINUTE)
        shots.take(page, "fetched")

        home = Path(pwd.getpwnam(learner).pw_dir)  # the learner's answers, as written in an earlier lesson
        notebook_path = next(home.rglob(assignment.notebook_name))
        nb.write(answered(room.course, assignment), notebook_path)
        os.chown(notebook_path, pwd.getpwnam(learner).pw_uid, pwd.getpwnam(learner).pw_gid)
        fetched.get_by_text(ASSIGNMENT).click()
        fetched.get_by_text(Path(assignment.notebook_name).stem, exact=True).click()
        expect(page.locator(".jp-NotebookPanel:visible")).to_be_visible(timeout=MINUTE)
        expect(page.locator(".jp-StatusBar-TextItem", has_text="Idle").first).to_be_visible(timeout=2 * MINUTE)
        page.locator(".validate-button").first.click()
        dialog = page.locator(".jp-Dialog")
        expect(dialog).to_contain_text("Success", timeout=3 * MINUTE)
        shots.take(page, "validated")
        dialog.get_by_role("button").last.click()
        page.get_by_text("Assignments", exact=True).first.click()
        page.locator("#fetched_assignments_list").get_by_role("button", name="Submit").click()
        expect(page.locator("#submitted_assignments_list")).to_contain_text(ASSIGNMENT, timeout=MINUTE)
        shots.take(page, "submitted")

        assert learner in as_instructor(room, "collect", ASSIGNMENT)
        graded = as_instructor(room, "grade", ASSIGNMENT)
        assert "How learner code ran: one sandbox per kernel" in graded and "Not graded" not in graded, graded
        as_instructor(room, "feedback", ASSIGNMENT)

        page.reload()
        page.wait_for_selector("#jp-main-dock-panel", timeout=3 * MINUTE)
        page.get_by_text("Nbgrader", exact=True).click()
        page.get_by_role("menuitem", name="Assignment List").click()
        submitted = page.locator("#submitted_assignments_list")
        expect(submitted).to_contain_text(ASSIGNMENT, timeout=MINUTE)
        submitted.get_by_role("button", name="Fetch Feedback").click()
        view = submitted.get_by_text("(view feedback)").first
        expect(view).to_be_visible(timeout=MINUTE)
        view.click()
        listing = page.locator(".jp-DirListing-content")
        expect(listing).to_contain_text(".html", timeout=MINUTE)
        listing.get_by_text(".html").first.dblclick()
        feedback = page.frame_locator(".jp-HTMLViewer iframe, iframe.jp-HTMLViewer").first
        graded = list(nb.graded_cells(nb.read(room.course.source_notebook(assignment))))
        autograded = sum(float(meta["points"]) for cell, meta in graded if nb.is_test(cell))
        total = sum(float(meta["points"]) for _, meta in graded if meta.get("grade"))
        expect(feedback.locator("body")).to_contain_text(
            f"{Path(assignment.notebook_name).stem} (Score: {autograded:.1f} / {total:.1f})", timeout=MINUTE)
        expect(feedback.locator("body")).not_to_contain_text("BEGIN HIDDEN TESTS")
        shots.take(page, "feedback")
        context.close()
    assert offline.attempts == [], f"requests beyond loopback: {offline.attempts}"


def test_the_server_says_what_to_install_when_its_postgresql_gradebook_cannot_be_reached(tmp_path: Path) -> None:
    course = copy_course(tmp_path / "course", ASSIGNMENT)
    with (course.root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write(f"\nc.CourseDirectory.db_url = 'postgresql+psycopg:///code_forward?host={tmp_path}'\n")
    with pytest.raises(MissingTool, match="PostgreSQL, which cannot be reached .*sudo apt-get install postgresql"):
        hub.require(hub.Server(Course(course.root), tmp_path / "srv"))
