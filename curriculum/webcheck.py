"""Checks for web servers and databases: Flask routes, SQL, and safety from injection.

Learners make a Flask app in a variable (``app = Flask(__name__)``) and keep SQL in text.
Routes are tried with Flask's test client, so no socket is opened. SQL runs on the learner's
``sqlite3`` connection, or on a database file in their folder. Rows are compared as a bag
(any order) unless the task asks for an order.

* ``check_*`` work like :mod:`curriculum.checks`: a passed check prints one line; a failed one
  raises :class:`~curriculum.checks.NotQuiteRight`. Status codes, SQL errors and wrong rows are
  said in plain words ("3 rows. We wanted 4 rows."); a table is described, never dumped.
* :func:`serve` runs a tiny web server on 127.0.0.1, at a free port, for code that fetches pages.
* :func:`request_builder` is a form to send requests to an app and see what comes back.
"""

from __future__ import annotations

import contextlib
import difflib
import html
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from .checks import (Mistakes, NotQuiteRight, _caller_namespace, _function, _guess, _lookup, _not_written, _run,
                     describe, fail, find, kind_of, tick)
from .explain import Advice, Hint, explain_error, hint_lines, stages, unwritten_before

__all__ = ["check_escaped", "check_query", "check_route", "check_rows", "check_safe_from_injection", "check_database",
           "database", "request_builder", "serve", "sql_advice"]

_ANY = object()

#: What each status code a learner meets means, in plain words.
STATUS_WORDS = {200: "OK", 201: "Created", 302: "Found (go to another page)", 400: "Bad Request",
                404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error"}

#: What an error in a template means (Jinja's own words name the place).

#: The way to keep a value from changing the SQL.
USE_A_MARK = "Put a ? in the SQL where the value goes. Give the value apart: conn.execute(sql, (town,))"

#: A page or an answer the test server gives: its text, or (status, content type, text).
Page = str | tuple[int, str, str]


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def _status(code: int) -> str:
    return f"{code} {STATUS_WORDS.get(code, '')}".strip()


# --- Flask apps -----------------------------------------------------------------------------------

def _app(name: str) -> Flask:
    """The learner's Flask app called ``name``: existence, then kind."""
    value = find(name, "Flask app")
    if not isinstance(value, Flask):
        fail(f"looking at `{name}`", f"{describe(value)}, which is {kind_of(value)}", "a Flask app",
             f"Make the app with this line: {name} = Flask(__name__)")
    return value


def _asking(app_name: str, method: str, path: str, data: Mapping[str, str] | None) -> str:
    return f"asking `{app_name}` for {method} {path}" + (f" with {describe(data, 60)}" if data else "")


def _routes(app: Flask) -> list[str]:
    return sorted(rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static")


def _send(app: Flask, path: str, method: str, data: Any = None, send_json: Any = None) -> Any:
    """The response of ``app`` to one request, from the test client; an error in the route is raised.

    The error is not logged (that would write to stderr), and the app may still take new routes
    afterwards (Flask refuses them once it has answered a request).
    """
    first = app._got_first_request
    propagate = app.config.get("PROPAGATE_EXCEPTIONS")
    app.config["PROPAGATE_EXCEPTIONS"] = True
    try:
        return app.test_client().open(path, method=method, data=data, json=send_json)
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = propagate
        app._got_first_request = first


def _request(app: Flask, tried: str, path: str, method: str, data: Any, send_json: Any, hint: Hint,
             mistakes: Mistakes | None) -> Any:
    """The response of ``app`` to one request (see :func:`_send`); an error in the route is explained."""
    if not _routes(app) and unwritten_before(_caller_namespace()):
        raise _not_written(tried)
    response, _ = _run(_send, tried, (app, path, method, data, send_json), {}, mistakes, hint,
                       then="So the browser would get 500 Internal Server Error.")
    return response


def _status_hint(app_name: str, app: Flask, path: str, method: str, response: Any,
                 data: Mapping[str, str] | None = None) -> str | None:
    """Say why a route gave 404 or 405, naming the routes the app has."""
    if response.status_code == 405:
        allowed = sorted(set(response.headers.get("Allow", "").replace(" ", "").split(",")) - {"HEAD", "OPTIONS", ""})
        return (f"The route {path} takes {' and '.join(allowed)}, not {method}. Add {method} to the methods "
                f"in its @{app_name}.route line, like this: methods=[\"{method}\"]")
    if response.status_code == 400 and data:
        return (f"The route looked for a form field that we did not send. We sent: {', '.join(data)}. "
                "Check the name in request.form[...]")
    if response.status_code != 404 or _has_route(app, path):
        return None
    routes = _routes(app)
    if not routes:
        return (f"Your app has no routes yet. Run the cell with your @{app_name}.route lines. "
                "Make the app in that same cell.")
    near = difflib.get_close_matches(path, routes, n=1, cutoff=0.6)
    shown = ", ".join(routes[:6]) + (f" and {len(routes) - 6} more" if len(routes) > 6 else "")
    said = f"Your app has {_count(len(routes), 'route')}: {shown}."
    return f"{said} Did you mean {near[0]}? Check the spelling." if near else \
        f"{said} Add @{app_name}.route(\"{path}\") above a function."


def _has_route(app: Flask, path: str) -> bool:
    """Whether some route of ``app`` matches ``path`` (for any method)."""
    try:
        app.url_map.bind("localhost").match(path.split("?")[0], method=None)
    except HTTPException as error:
        return isinstance(error, MethodNotAllowed)
    return True


def _difference(got: Any, wanted: Any) -> str | None:
    """How some JSON differs from what we wanted, in words."""
    if isinstance(got, list) and isinstance(wanted, list):
        if len(got) != len(wanted):
            return f"It has {_count(len(got), 'item')}. We wanted {_count(len(wanted), 'item')}."
        index = next(i for i, (a, b) in enumerate(zip(got, wanted)) if a != b)
        inner = _difference(got[index], wanted[index])
        return f"In item {index + 1}: {inner[0].lower()}{inner[1:]}" if inner else None
    if isinstance(got, dict) and isinstance(wanted, dict):
        missing = [key for key in wanted if key not in got]
        if missing:
            near = difflib.get_close_matches(missing[0], [key for key in got if key not in wanted], n=1, cutoff=0)
            return f"It has no key {missing[0]!r}." + (f" You wrote {near[0]!r}." if near else "")
        wrong = next((key for key in wanted if got[key] != wanted[key]), None)
        if wrong is not None:
            return f"The value of {wrong!r} is {describe(got[wrong], 60)}. We wanted {describe(wanted[wrong], 60)}."
        return f"It has keys we did not ask for: {', '.join(repr(k) for k in got if k not in wanted)}."
    return None


def _text_hint(body: str, text: str) -> str | None:
    """Say why ``text`` is not in the page ``body``, if we can tell."""
    if text.casefold() in body.casefold():
        return f"We found {text!r}, but with other capital letters. Check the capital letters."
    if text in html.unescape(body):
        return ("Your tags show as words, not as tags. Write the tags in the template itself. "
                "Use {{ }} only for values such as a job title.")
    return None


def check_route(app_name: str, path: str, *, status: int = 200, contains: str | Sequence[str] | None = None,
                json: Any = _ANY, method: str = "GET", data: Mapping[str, str] | None = None, send_json: Any = None,
                hint: Hint = None, mistakes: Mistakes | None = None) -> None:
    """Send ``method path`` to the learner's Flask app ``app_name`` with the test client, and check the answer.

    In order: the app exists; the route runs without an error (else the error is explained); the
    status is ``status`` (a 404 names the app's routes, a 405 the ``methods=`` to add); the answer is
    JSON equal to ``json``, if given; the page has each text in ``contains``. ``data`` is a form's
    fields, ``send_json`` a JSON body. ``mistakes`` maps a status code, a kind of error, a wrong JSON
    value (a list as a tuple) or a text found in the page to what it looks like the learner did.
    """
    app = _app(app_name)
    tried = _asking(app_name, method, path, data)
    response = _request(app, tried, path, method, data, send_json, hint, mistakes)
    body = response.get_data(as_text=True)
    page_known = next((message for wrong, message in _pairs(mistakes)
                       if isinstance(wrong, str) and wrong in body), None)
    if response.status_code != status:
        said = _status_hint(app_name, app, path, method, response, data)
        known = _lookup(mistakes, response.status_code) or page_known
        fail(tried, f"status {_status(response.status_code)}", f"status {_status(status)}",
             (said or known or hint) if response.status_code == 404 else (known or said or hint))
    if json is not _ANY:
        if not response.is_json:
            fail(tried, "a web page (HTML)", "JSON data", page_known or hint or
                 "Give back a dictionary or a list. Flask turns it into JSON.")
        got = response.get_json()
        if got != json:
            fail(tried, describe(got), describe(json),
                 _lookup(mistakes, got) or _difference(got, json) or hint)
    texts = [contains] if isinstance(contains, str) else list(contains or [])
    for text in texts:
        if text not in body:
            where = "the JSON" if response.is_json else "the page"
            fail(tried, f"{where} {describe(' '.join(body.split()), 120)}", f"{where} to have {text!r} in it",
                 page_known or _text_hint(body, text) or hint)
    said = f" with {', '.join(repr(t) for t in texts)}" if texts else (" with the JSON we wanted" if json is not _ANY
                                                                       else "")
    tick(f"{method} {path} gave {_status(status)}{said}")


def _pairs(mistakes: Mistakes | None) -> list[tuple[Any, Hint]]:
    return list(mistakes.items() if isinstance(mistakes, Mapping) else mistakes or [])


def check_escaped(name: str, target: str | Sequence[Any], text: str, *, method: str = "GET",
                  data: Mapping[str, str] | None = None, hint: Hint = None,
                  mistakes: Mistakes | None = None) -> None:
    """Check that the hostile ``text`` (such as a ``<script>`` in a job title) comes back escaped.

    ``name`` is a Flask app, asked for ``target`` (a path), or a function that makes HTML, called with
    ``target`` (its arguments) inside an app context, so ``render_template_string`` works. The page
    must show ``text`` as words (``&lt;script&gt;``), never as a real tag.
    """
    value = find(name, "Flask app or function")
    if isinstance(value, Flask):
        tried = _asking(name, method, str(target), data)
        response = _request(value, tried, str(target), method, data, None, hint, mistakes)
        if response.status_code != 200:
            fail(tried, f"status {_status(response.status_code)}", f"status {_status(200)}",
                 _lookup(mistakes, response.status_code) or _status_hint(name, value, str(target), method, response)
                 or hint)
        page = response.get_data(as_text=True)
    else:
        function = _function(name)
        args = tuple(target)
        tried = _call_text(name, args)
        with Flask(__name__).app_context():
            result, printed = _run(function, tried, args, {}, mistakes, hint)
        if not isinstance(result, str):
            fail(tried, f"{describe(result)}, which is {kind_of(result)}", "text (a string) with HTML in it",
                 _lookup(mistakes, result) or _guess(result, "", printed, function) or hint)
        page = str(result)
    if text in page:
        fail(tried, f"the page has {text!r} as real HTML", f"{text!r} shown as words, made safe",
             _lookup(mistakes, page) or hint
             or ("A browser would run this as code. Let the template put the value in, with {{ }}.",
                 "Do not use | safe. Do not join HTML with + or an f-string."))
    if text not in html.unescape(page):
        fail(tried, f"a page without {text!r} in it", f"{text!r} shown as words, made safe",
             hint or "Put the value in the page with {{ }} in the template.")
    tick(f"{tried} shows {text!r} as words, not as HTML")


def request_builder(app: Flask) -> Any:
    """A small form to send a request to ``app`` (with its test client) and see the status and what came back."""
    import ipywidgets as widgets

    method = widgets.Dropdown(options=["GET", "POST", "DELETE"], description="Method")
    path = widgets.Text(value=(_routes(app) or ["/"])[0], description="Path")
    form = widgets.Text(placeholder="name=Sam&town=Hull", description="Form data")
    send = widgets.Button(description="Send")
    shown = widgets.Output()

    def on_send(_: Any) -> None:
        fields = dict(pair.split("=", 1) for pair in form.value.split("&") if "=" in pair)
        shown.clear_output()
        with shown:
            try:
                response = _send(app, path.value, method.value, fields or None)
            except Exception as error:  # the learner's route may raise anything
                print(f"Status: 500 Internal Server Error\nThe route stopped: {type(error).__name__}: {error}\n"
                      f"{explain_error(error).means}")
                return
            print(f"Status: {_status(response.status_code)}")
            print(f"Content-Type: {response.content_type}")
            print(response.get_data(as_text=True)[:2000])

    send.on_click(on_send)
    return widgets.VBox([method, path, form, send, shown])


# --- a real server on this computer ---------------------------------------------------------------

@contextlib.contextmanager
def serve(pages: Mapping[str, Page]) -> Iterator[str]:
    """Serve ``pages`` (path -> text, or (status, content type, text)) on 127.0.0.1 at a free port.

    Gives the server's address, such as ``http://127.0.0.1:41234``; the server always stops at the end.
    A path not in ``pages`` gets 404. Nothing is written to stderr.
    """
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server looks for)
            page = pages.get(self.path, (404, "text/plain", "Not Found"))
            code, kind, text = (200, "text/html", page) if isinstance(page, str) else page
            body = text.encode()
            self.send_response(code)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            """Log nothing: stderr output would count as a failure at grading."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # It looks for shutdown every 0.05 s, not every 0.5 s: each check would otherwise wait up to half a second.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- SQL ------------------------------------------------------------------------------------------

def _tables(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def _columns(conn: sqlite3.Connection) -> list[str]:
    names: list[str] = []
    for table in _tables(conn):
        names += [row[1] for row in conn.execute(f"PRAGMA table_info({table!r})")]
    return names


def sql_advice(error: BaseException, conn: sqlite3.Connection | None) -> Advice:
    """What a database error means and what to try next; a missing table or column names the near ones."""
    advice = explain_error(error, _caller_namespace())
    said = str(error)
    for start, kind, known in (("no such table: ", "table", _tables), ("no such column: ", "column", _columns)):
        if conn is None or not said.startswith(start):
            continue
        with contextlib.suppress(sqlite3.Error):
            names = sorted(set(known(conn)))
            near = difflib.get_close_matches(said[len(start):], names, n=1, cutoff=0.6)
            if near:
                return Advice(advice.means, f"Did you mean `{near[0]}`? Check the spelling.")
            if names:
                return Advice(advice.means, f"The {kind}s are: {', '.join(names)}. {advice.step}")
    return advice


def _link(db: str | sqlite3.Connection | None) -> sqlite3.Connection | Path | None:
    """The database to look in: ``db`` is a connection, the name of the learner's connection, or a file's path."""
    if db is None or isinstance(db, sqlite3.Connection):
        return db
    if "." not in db and "/" not in db:
        value = find(db, "database connection")
        if not isinstance(value, sqlite3.Connection):
            fail(f"looking at `{db}`", f"{describe(value)}, which is {kind_of(value)}", "a link to a database",
                 f"Make it with this line: {db} = sqlite3.connect(\"jobs.db\")")
        return value
    if not Path(db).is_file():
        fail(f"opening the database file {db}", "no file with that name", "the database file",
             "Run the cell that makes the database first.")
    return Path(db)


@contextlib.contextmanager
def _database(link: sqlite3.Connection | Path | None) -> Iterator[sqlite3.Connection | None]:
    """The connection to a database found by :func:`_link`; a file is opened to read only, and closed after.

    Call :func:`_link` outside, in the check itself: it finds names in the notebook that calls the check.
    """
    if not isinstance(link, Path):
        yield link
        return
    conn = sqlite3.connect(f"file:{link}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def _rows(value: Any) -> list[Any] | None:
    """Rows as a list of tuples (sqlite3.Row and lists too); None if ``value`` is not a list of rows."""
    if not isinstance(value, (list, tuple)):
        return None
    return [tuple(row) if isinstance(row, (tuple, list, sqlite3.Row)) else row for row in value]


def _same_rows(got: list[Any], wanted: list[Any]) -> bool:
    return Counter(map(_key, got)) == Counter(map(_key, wanted))


def _key(row: Any) -> Any:
    """A row that compares with a little room for numbers that are not whole."""
    return tuple(round(v, 6) if isinstance(v, float) else v for v in row) if isinstance(row, tuple) else row


def _width(rows: list[Any]) -> int | None:
    return len(rows[0]) if rows and isinstance(rows[0], tuple) else None


def _rows_hint(got: list[Any], wanted: list[Any], ordered: bool) -> str:
    """Say in words how the rows differ: how many, how wide, which one is extra or missing, or the order."""
    width, wanted_width = _width(got), _width(wanted)
    if width is not None and wanted_width is not None and width != wanted_width:
        return "Check the columns you ask for after SELECT. Ask for each one we want, and no more."
    extra = list((Counter(map(_key, got)) - Counter(map(_key, wanted))).elements())
    missing = list((Counter(map(_key, wanted)) - Counter(map(_key, got))).elements())
    if not extra and not missing and ordered:
        return ("These are the right rows, but not in the right order. Check ORDER BY. "
                "ASC goes from small to big, and DESC from big to small.")
    if extra:
        return f"This row should not be there: {describe(extra[0], 100)}. Check the test after WHERE."
    return f"This row is missing: {describe(missing[0], 100)}. Check the test after WHERE."


def _compare_rows(tried: str, value: Any, wanted: Sequence[Any], ordered: bool, printed: str, hint: Hint,
                  mistakes: Mistakes | None) -> list[Any]:
    """Fail with a plain message unless ``value`` holds the rows ``wanted``; give back the rows."""
    rows = _rows(value)
    expected = _rows(list(wanted)) or []
    if rows is None:
        got = f"{describe(value)}, which is {kind_of(value)}"
        if isinstance(value, sqlite3.Cursor):
            got, known = "a cursor", "It gave back a cursor, not the rows. Add .fetchall() to get the rows."
        else:
            known = _guess(value, expected, printed) or hint
        fail(tried, got, "a list of rows", _lookup(mistakes, value) or known)
    right = list(map(_key, rows)) == list(map(_key, expected)) if ordered else _same_rows(rows, expected)
    if not right:
        known = _lookup(mistakes, len(rows)) or _lookup(mistakes, tuple(rows))
        got, wanted = _count(len(rows), "row"), _count(len(expected), "row") + (", in this order" if ordered else "")
        width, wanted_width = _width(rows), _width(expected)
        if width is not None and wanted_width is not None and width != wanted_width:
            got, wanted = f"{got} of {_count(width, 'value')}", f"{wanted} of {_count(wanted_width, 'value')}"
        elif _same_rows(rows, expected):
            got += ", in another order"
        elif len(rows) == len(expected):
            got += ", but not " + ("the one" if len(rows) == 1 else "all the ones") + " we wanted"
        fail(tried, got, wanted, known or (_rows_hint(rows, expected, ordered), *stages(hint)))
    return rows


def _sql_failed(tried: str, error: sqlite3.Error, conn: sqlite3.Connection | None, hint: Hint,
                mistakes: Mistakes | None) -> None:
    advice = sql_advice(error, conn)
    known = _lookup(mistakes, error) or next((message for wrong, message in _pairs(mistakes)
                                              if isinstance(wrong, str) and wrong in str(error)), None)
    fail(tried, f"an error: {error}", None, known or (f"{advice.means} {advice.step}", *stages(hint)))


def _select(tried: str, conn: sqlite3.Connection | None, sql: str, params: Sequence[Any], hint: Hint,
            mistakes: Mistakes | None) -> list[Any]:
    try:
        return conn.execute(sql, tuple(params)).fetchall()  # type: ignore[union-attr]
    except sqlite3.Error as error:
        _sql_failed(tried, error, conn, hint, mistakes)
        raise  # not reached: _sql_failed always stops


def check_query(db: str | sqlite3.Connection, sql_name: str, expected: Sequence[Any], *, ordered: bool = False,
                params: Sequence[Any] = (), hint: Hint = None, mistakes: Mistakes | None = None) -> None:
    """Run the learner's SQL text ``sql_name`` (with ``params``) on ``db`` and compare the rows with ``expected``.

    ``db`` is the name of the learner's connection, or a database file. Rows are compared as a bag,
    in any order, unless ``ordered``. ``mistakes`` maps a wrong number of rows (an int), the wrong
    rows (a tuple of tuples), a kind of error, or words in the SQL error to what it looks like the
    learner did.
    """
    with _database(_link(db)) as conn:
        sql = find(sql_name, "variable")
        tried = f"running the SQL in `{sql_name}`"
        if not isinstance(sql, str) or not sql.strip():
            fail(f"looking at `{sql_name}`", f"{describe(sql)}, which is {kind_of(sql)}", "text with SQL in it",
                 _lookup(mistakes, sql) or f'Put your SQL in quote marks, like this: {sql_name} = "SELECT ..."')
        rows = _select(tried, conn, sql, params, hint, mistakes)
        _compare_rows(tried, rows, expected, ordered, "", hint, mistakes)
    tick(f"{tried} gave the {_count(len(expected), 'row')} we wanted" + (", in order" if ordered else ""))


def check_database(db: str | sqlite3.Connection, sql: str, expected: Sequence[Any], *, what: str,
                   run: str | None = None, args: Sequence[Any] = (), ordered: bool = False, hint: Hint = None,
                   mistakes: Mistakes | None = None) -> None:
    """Check what is saved in the database ``db``: our ``sql`` must give the rows ``expected``.

    For tasks that make a table, insert, update or delete. ``run`` first runs the learner's SQL text
    of that name on ``db``, or calls their function of that name with the connection and ``args``.
    ``what`` says in words what we look at, such as "the jobs in Hull". ``mistakes`` is as for
    :func:`check_query`.
    """
    with _database(_link(db)) as conn:
        tried = f"looking at {what} in the database"
        if run is not None:
            tried = _run_first(run, args, conn, hint, mistakes) + f", then looking at {what}"
        rows = _select(tried, conn, sql, (), hint, mistakes)
        _compare_rows(tried, rows, expected, ordered, "", hint, mistakes)
    tick(f"{tried}: the {_count(len(expected), 'row')} we wanted")


def _run_first(run: str, args: Sequence[Any], conn: sqlite3.Connection | None, hint: Hint,
               mistakes: Mistakes | None) -> str:
    """Run the learner's SQL text, or call their function, called ``run``; say in words what we did."""
    value = find(run, "variable")
    if callable(value):
        return _call(run, [conn, *args], conn, hint, mistakes)[0]
    tried = f"running the SQL in `{run}`"
    if not isinstance(value, str) or not value.strip():
        fail(f"looking at `{run}`", f"{describe(value)}, which is {kind_of(value)}", "text with SQL in it",
             _lookup(mistakes, value) or f'Put your SQL in quote marks, like this: {run} = "INSERT ..."')
    _select(tried, conn, value, (), hint, mistakes)
    return tried


def _call_text(name: str, args: Sequence[Any]) -> str:
    """How a call looks, such as ``find_jobs(conn, 'Hull')``: a database connection shows as ``conn``."""
    return f"{name}({', '.join('conn' if isinstance(a, sqlite3.Connection) else describe(a, 60) for a in args)})"


def database(script: str = "") -> sqlite3.Connection:
    """A new database, in memory only, made by the SQL ``script`` (such as CREATE TABLE and INSERT lines)."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(script)
    return conn


def _call(name: str, args: Sequence[Any], conn: sqlite3.Connection | None, hint: Hint,
          mistakes: Mistakes | None) -> tuple[str, Any, str]:
    """Call the learner's function ``name``; a database error is explained with the names near it."""
    function = _function(name)
    tried = _call_text(name, args)
    try:
        result, printed = _run(function, tried, tuple(args), {}, mistakes, hint)
    except NotQuiteRight as stopped:
        error = stopped.__context__
        if isinstance(error, sqlite3.Error) and _lookup(mistakes, error) is None:
            means = next(i for i, line in enumerate(stopped.lines) if line.startswith("It means:"))
            steps = (sql_advice(error, conn).step, *stages(hint))
            raise NotQuiteRight(stopped.lines[:means + 1] + hint_lines(f"{tried} (database)", steps)) from None
        raise
    return tried, result, printed


def check_rows(name: str, args: Sequence[Any], expected: Sequence[Any], *, ordered: bool = False,
               db: str | sqlite3.Connection | None = None, hint: Hint = None,
               mistakes: Mistakes | None = None) -> None:
    """Call the learner's function ``name`` with ``args`` and compare the rows it gives back with ``expected``.

    As a bag, in any order, unless ``ordered``. With ``db`` (the connection it uses), a missing table or
    column is named. ``mistakes`` is as for :func:`check_query`, plus a wrong result of another kind.
    """
    with _database(_link(db)) as conn:
        tried, result, printed = _call(name, args, conn, hint, mistakes)
        _compare_rows(tried, result, expected, ordered, printed, hint, mistakes)
    tick(f"{tried} gave the {_count(len(expected), 'row')} we wanted" + (", in order" if ordered else ""))


def _snapshot(conn: sqlite3.Connection, table: str) -> Counter[Any]:
    return Counter(map(_key, conn.execute(f"SELECT * FROM {table}").fetchall()))


def check_safe_from_injection(name: str, args: Sequence[Any], expected: Sequence[Any] | None = None, *,
                              db: str | sqlite3.Connection | None = None, table: str | None = None,
                              hint: Hint = None, mistakes: Mistakes | None = None) -> None:
    """Check by behaviour that text with SQL in it (in ``args``) cannot change what the function ``name`` does.

    Such as ``find_jobs("Hull' OR '1'='1")``: it must not stop with an SQL error, it must give back the
    rows ``expected`` (if given; usually none), and the rows of ``table`` in ``db`` must not change.
    """
    with _database(_link(db)) as conn:
        _check_safe(name, args, expected, conn, table, hint, mistakes)


def _check_safe(name: str, args: Sequence[Any], expected: Sequence[Any] | None, conn: sqlite3.Connection | None,
                table: str | None, hint: Hint, mistakes: Mistakes | None) -> None:
    before = _snapshot(conn, table) if conn is not None and table else None
    tried = _call_text(name, args)
    broke = ("The quote mark in the text broke your SQL. So the text became part of the SQL.", USE_A_MARK)
    _, result, printed = _call(name, args, None, hint, [*_pairs(mistakes), (sqlite3.OperationalError, broke)])
    if expected is not None:
        rows = _rows(result)
        if rows is not None and not _same_rows(rows, list(expected)) and len(rows) > len(expected):
            fail(tried, _count(len(rows), "row"), _count(len(expected), "row"),
                 _lookup(mistakes, len(rows)) or hint
                 or ("The text changed what your SQL does, so it found rows it should not.", USE_A_MARK))
        _compare_rows(tried, result, expected, False, printed, hint, mistakes)
    if before is not None and conn is not None and table:
        after = _snapshot(conn, table)
        if after != before:
            fail(tried, f"the table {table} changed: it had {_count(sum(before.values()), 'row')}, "
                        f"now {sum(after.values())}", "no change at all",
                 _lookup(mistakes, sum(after.values())) or hint
                 or ("The text changed what your SQL does, so it changed rows it should not.", USE_A_MARK))
    tick(f"{tried} is safe: the text did not change the SQL")
