"""The classroom server: one JupyterHub for a room of learners, each with a Unix account of their own.

Learners log in with their account's password (PAM) and each gets their own JupyterLab, with
the course's offline settings, kernels over Unix sockets (not TCP ports others could reach), a
private home and files only they can read (umask 077). The instructor's JupyterLab opens in the
course folder, which only the instructor can read. Hand-in goes through nbgrader's exchange under
the server's folder: its root is root's, sticky and writable by all, as nbgrader expects; collect
then refuses a submission made by another account (see :mod:`.exchange`).

The server's own folder (``/srv/code-forward`` by default) holds the exchange, the learners'
nbgrader settings, and the hub's database and cookie secret, which only root can read.
"""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from ..core.course import Course
from ..core.engine import environment
from ..errors import ClassroomError, MissingTool
from .accounts import INSTRUCTORS, LEARNERS
from .lab import CONFIG, free_port

PROXY = "configurable-http-proxy"
NODE_PATH = "/usr/share/nodejs"  # where Debian's proxy package keeps its modules, for any Node
IDLE_MINUTES = 60
#: In the course's grading folder: the server's exchange, which nbgrader_config.py then uses.
SERVER_EXCHANGE = "server-exchange.txt"
#: On the hub's pages. The Formgrader cannot show inside JupyterLab under JupyterHub 4.1 and later.
ANNOUNCEMENT = "Instructors: open the Formgrader in its own tab, at /user/YOUR-ID/formgrader"

LEARNER_NBGRADER = '''\
"""nbgrader settings of every learner on this classroom server (made by `curriculum server`)."""

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
c.Exchange.path_includes_course = True
'''

LEARNER_SERVER = '''\
"""Learners' JupyterLab on this classroom server: no Formgrader (made by `curriculum server`)."""

c = get_config()  # noqa: F821
c.ServerApp.jpserver_extensions = {{"nbgrader.server_extensions.formgrader": False,
                                   "nbgrader.server_extensions.course_list": False}}
'''

HUB_CONFIG = '''\
"""JupyterHub for the Code Forward classroom (made by `curriculum server`; made again at each start)."""

import grp
import pwd

c = get_config()  # noqa: F821
c.JupyterHub.ip = {ip!r}
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/cookie_secret"
c.JupyterHub.pid_file = "{state}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {{{learners!r}, {instructors!r}}}
c.PAMAuthenticator.admin_groups = {{{instructors!r}}}
c.Authenticator.allow_existing_users = True
c.Spawner.cmd = ["/bin/sh", "-c", 'umask 077 && cd "${{CODE_FORWARD_START:-$HOME}}" && exec "$@"', "server",
                 {python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = ["--config={lab_config}",
                  "--KernelManager.transport=ipc"]
c.Spawner.default_url = "/lab"
c.Spawner.disable_user_config = True
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
c.JupyterHub.template_vars = {{"announcement": {announcement!r}}}
c.JupyterHub.services = [{{"name": "idle-culler",
                          "command": [{hub_python!r}, "-m", "jupyterhub_idle_culler", "--timeout={idle_seconds}"]}}]
c.JupyterHub.load_roles = [{{"name": "idle-culler", "services": ["idle-culler"],
                            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}}]


def _place(spawner):
    """Learners start in their home with the learners' settings; the instructor in the course folder."""
    if pwd.getpwnam(spawner.user.name).pw_gid == grp.getgrnam({instructors!r}).gr_gid:
        spawner.environment["CODE_FORWARD_START"] = spawner.notebook_dir = {course!r}
    else:
        spawner.environment["JUPYTER_CONFIG_PATH"] = {learner_config!r}


c.Spawner.pre_spawn_hook = _place
'''


@dataclass(frozen=True)
class Server:
    """Where the classroom server listens, and where it keeps its things."""

    course: Course
    root: Path
    ip: str = "127.0.0.1"
    port: int = 8000
    python: Path = Path(sys.executable)  # the Python learners' servers run with: every account must reach it

    @property
    def exchange(self) -> Path:
        """nbgrader's exchange: root's, sticky, writable by all."""
        return self.root / "exchange"

    @property
    def state(self) -> Path:
        """The hub's database, cookie secret and configuration: root's alone."""
        return self.root / "hub"

    @property
    def learner_config(self) -> Path:
        """The learners' nbgrader and server settings, readable by all."""
        return self.root / "learner-config"

    @property
    def url(self) -> str:
        """The address learners open."""
        return f"http://{self.ip}:{self.port}"


def _instructor() -> pwd.struct_passwd:
    """The instructor's account: the one account in the instructors' group."""
    try:
        group = grp.getgrnam(INSTRUCTORS)
    except KeyError:
        found: list[str] = []
    else:
        found = sorted({*group.gr_mem, *(p.pw_name for p in pwd.getpwall() if p.pw_gid == group.gr_gid)})
    if len(found) != 1:
        raise ClassroomError(f"the server needs exactly one instructor account, and there are {len(found)}: make "
                             f"one with: curriculum accounts add ID --name NAME --role instructor")
    return pwd.getpwnam(found[0])


def require(server: Server) -> None:
    """Say, in plain words, what is missing to run the classroom server."""
    if os.geteuid() != 0:
        raise ClassroomError("the classroom server starts each learner's JupyterLab as that learner, so it must "
                             "run as root: run it with sudo")
    if shutil.which(PROXY) is None:
        raise MissingTool(f"the hub's proxy is not installed: sudo apt-get install node-{PROXY}")
    if server.course.directory.db_url.startswith("postgresql"):
        gradebook = create_engine(server.course.directory.db_url)
        try:
            gradebook.connect().close()
        except OperationalError as error:
            said = " ".join(str(error.orig).split())
            raise MissingTool(f"the gradebook is in PostgreSQL, which cannot be reached ({said}). Install "
                              f"and start it: sudo apt-get install postgresql && sudo service postgresql start"
                              ) from None
        finally:
            gradebook.dispose()
    for part in server.python.resolve().parents:
        if part.stat().st_mode & 0o001 == 0:
            raise ClassroomError(f"learners cannot reach Python at {server.python}: {part} is closed to other "
                                 f"users. Make the course's environment from a Python every account can reach, "
                                 f"such as Debian's /usr/bin/python3.11")


def prepare(server: Server) -> Path:
    """Folders and modes for a room of learners; gives the hub's configuration file."""
    instructor = _instructor()
    for folder, mode in ((server.root, 0o755), (server.exchange, 0o1777), (server.state, 0o700),
                         (server.learner_config, 0o755)):
        folder.mkdir(parents=True, exist_ok=True)
        os.chown(folder, 0, 0)
        folder.chmod(mode)
    course_exchange = server.exchange / server.course.directory.course_id
    course_exchange.mkdir(exist_ok=True)
    os.chown(course_exchange, instructor.pw_uid, instructor.pw_gid)
    server.course.grading_dir.mkdir(exist_ok=True)
    (server.course.grading_dir / SERVER_EXCHANGE).write_text(f"{server.exchange}\n", encoding="utf-8")
    subprocess.run(["chown", "-R", f"{instructor.pw_uid}:{instructor.pw_gid}", str(server.course.root)], check=True)
    server.course.root.chmod(0o711)  # others may pass through, to the course's Python environment, but not look
    for secret in ("source", "grading", "tests", ".git"):
        if (server.course.root / secret).exists():
            (server.course.root / secret).chmod(0o700)
    (server.learner_config / "nbgrader_config.py").write_text(LEARNER_NBGRADER.format(
        course_id=server.course.directory.course_id, exchange=str(server.exchange)), encoding="utf-8")
    (server.learner_config / "jupyter_server_config.py").write_text(LEARNER_SERVER.format(), encoding="utf-8")
    config = server.state / "jupyterhub_config.py"
    config.write_text(hub_config(server), encoding="utf-8")
    config.chmod(0o600)
    return config


def hub_config(server: Server) -> str:
    """The hub's configuration for ``server``."""
    hub_port = free_port(server.port + 1, taken={server.port})
    return HUB_CONFIG.format(
        ip=server.ip, port=server.port, hub_port=hub_port, proxy_port=free_port(hub_port + 1, taken={server.port}),
        proxy=PROXY, state=server.state, learners=LEARNERS, instructors=INSTRUCTORS,
        python=str(server.python), lab_config=str(CONFIG), hub_python=sys.executable, idle_seconds=IDLE_MINUTES * 60,
        course=str(server.course.root), learner_config=str(server.learner_config),
        announcement=ANNOUNCEMENT)


def command(config: Path) -> tuple[list[str], dict[str, str]]:
    """The hub's command line and environment (the proxy finds Debian's modules with any Node)."""
    hub = Path(sys.executable).with_name("jupyterhub")
    env = {**environment(), "NODE_PATH": NODE_PATH, "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32)}
    return [str(hub), "-f", str(config)], env


def start(server: Server) -> int:
    """Run the classroom server until it is stopped; gives the hub's exit code."""
    require(server)
    args, env = command(prepare(server))
    print(f"The classroom server is starting at {server.url}\nLearners log in there with their account and "
          f"password. Stop it with Ctrl + C.", flush=True)
    try:
        return subprocess.run(args, cwd=server.state, env=env).returncode
    except KeyboardInterrupt:
        return 0
