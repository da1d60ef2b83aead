"""The checks for Flask routes, SQL and safety: each message, in plain words."""

from __future__ import annotations

import sqlite3
import urllib.error
import urllib.request

import pytest
from flask import Flask, jsonify, render_template_string, request

from curriculum.checks import NotQuiteRight
from curriculum.explain import explain_error
from curriculum.webcheck import (check_escaped, check_query, check_route, check_rows, check_safe_from_injection,
                                 check_database, database, request_builder, serve, sql_advice)

app = Flask(__name__)


@app.route("/jobs")
def jobs():
    return jsonify([{"title": "Cook", "pay": 11.5}])


@app.route("/apply", methods=["POST"])
def apply():
    return "Thanks, " + request.form["name"]


@app.route("/crash")
def crash():
    return {"title": "Cook"}["titel"]


@app.route("/nothing")
def nothing():
    print("Working on it")


@app.route("/unwritten")
def unwritten():
    print("Not written yet: write your answer in place of this line.")


@app.route("/job/<title>")
def job(title):
    return render_template_string("<h1>{{ title }}</h1>", title=title)


@app.route("/raw/<title>")
def raw(title):
    return "<h1>" + title + "</h1>"


@app.route("/tags/<title>")
def tags(title):
    return render_template_string("{{ page }}", page=f"<h1>{title}</h1>")


@app.route("/shift/<int:number>")
def shift(number):
    return "No such shift", 404


empty_app = Flask(__name__)
not_an_app = "Flask"


def job_card(title):
    return render_template_string("<p>{{ title }}</p>", title=title)


def raw_card(title):
    return f"<p>{title}</p>"


conn = sqlite3.connect(":memory:")
conn.execute("CREATE TABLE jobs (title TEXT, town TEXT, pay REAL)")
conn.executemany("INSERT INTO jobs VALUES (?, ?, ?)",
                 [("Cook", "Hull", 11.5), ("Cleaner", "York", 11.44), ("Driver", "Hull", 12.0)])
HULL = [("Cook",), ("Driver",)]

in_hull = "SELECT title FROM jobs WHERE town = 'Hull'"
by_pay = "SELECT title FROM jobs ORDER BY pay"
typo_column = "SELECT titel FROM jobs"
typo_table = "SELECT title FROM jbos"
bad_word = "SELECT title FROM jobs WHER town = 'Hull'"
two_columns = "SELECT title, town FROM jobs WHERE town = 'Hull'"
no_quotes = "SELECT title FROM jobs WHERE town = Hull"
not_text = 42


def find_safe(town):
    return conn.execute("SELECT title FROM jobs WHERE town = ?", (town,)).fetchall()


def find_unsafe(town):
    return conn.execute(f"SELECT title FROM jobs WHERE town = '{town}'").fetchall()


def find_cursor(town):
    return conn.execute("SELECT title FROM jobs WHERE town = ?", (town,))


def find_no_comma(town):
    return conn.execute("SELECT title FROM jobs WHERE town = ?", (town)).fetchall()


def find_in_jbos(town):
    return conn.execute("SELECT title FROM jbos WHERE town = ?", (town,)).fetchall()


def find_printed(town):
    print(find_safe(town))


def message(error: pytest.ExceptionInfo[NotQuiteRight]) -> str:
    return "\n".join(error.value._render_traceback_())


def fails(check, *args, **kwargs) -> str:
    with pytest.raises(NotQuiteRight) as error:
        check(*args, **kwargs)
    return message(error)


# --- routes ---------------------------------------------------------------------------------------

def test_a_right_route_passes_with_one_line(capsys):
    check_route("app", "/jobs", json=[{"title": "Cook", "pay": 11.5}])
    check_route("app", "/apply", method="POST", data={"name": "Sam"}, contains="Thanks, Sam")
    out = capsys.readouterr()
    assert out.out == ("✓ GET /jobs gave 200 OK with the JSON we wanted\n"
                       "✓ POST /apply gave 200 OK with 'Thanks, Sam'\n")
    assert out.err == ""


def test_a_missing_app_or_something_else_is_named():
    assert "We can't find a Flask app called `shop`" in fails(check_route, "shop", "/jobs", hint="h")
    assert "You made `app`. We are looking for `apps`." in fails(check_route, "apps", "/jobs", hint="h")
    said = fails(check_route, "not_an_app", "/", hint="h")
    assert "It gave:   'Flask', which is text (a string)" in said
    assert "We wanted: a Flask app" in said
    assert "Make the app with this line: not_an_app = Flask(__name__)" in said


def test_a_missing_route_names_the_routes_and_the_near_one():
    said = fails(check_route, "app", "/job", hint="h")
    assert "It gave:   status 404 Not Found" in said and "We wanted: status 200 OK" in said
    assert "Your app has 10 routes: /apply, /broken-template, /crash, /job/<title>, /jobs, /nothing and 4 more." in said
    assert "Did you mean /jobs? Check the spelling." in said
    said = fails(check_route, "app", "/shifts", hint="h")
    assert 'Add @app.route("/shifts") above a function.' in said


def test_an_app_without_routes_says_to_run_the_route_cell():
    said = fails(check_route, "empty_app", "/jobs", hint="h")
    assert "Your app has no routes yet. Run the cell with your @empty_app.route lines." in said


def test_a_method_not_allowed_says_which_methods_to_add():
    said = fails(check_route, "app", "/apply", hint="h")
    assert "It gave:   status 405 Method Not Allowed" in said
    assert 'The route /apply takes POST, not GET. Add GET to the methods in its @app.route line' in said
    assert 'methods=["GET"]' in said


def test_a_form_field_with_another_name_is_explained():
    said = fails(check_route, "app", "/apply", method="POST", data={"full_name": "Sam"}, hint="h")
    assert "status 400 Bad Request" in said
    assert "The route looked for a form field that we did not send. We sent: full_name." in said


def test_an_error_in_the_route_is_explained_as_a_500():
    said = fails(check_route, "app", "/crash", hint="h")
    assert "It stopped with an error: KeyError: 'titel'" in said
    assert "So the browser would get 500 Internal Server Error." in said
    assert "It means:  Python looked for 'titel'" in said
    assert "Hint: h" in said


@app.route("/broken-template")
def broken_template():
    return render_template_string("<h1>{{ title }</h1>", title="Cook")


def test_a_broken_template_is_explained():
    said = fails(check_route, "app", "/broken-template", hint="h")
    assert "It stopped with an error: TemplateSyntaxError: unexpected '}'" in said
    assert "It means:  The template could not be used. Check each gap: two curly brackets at each end" in said


def test_a_route_that_gives_back_nothing_says_return():
    said = fails(check_route, "app", "/nothing", hint=None)
    assert "It means:  The route function nothing gave back nothing." in said
    assert "Put `return` in front of the page or the data that it gives back." in said


def test_an_unwritten_route_says_so():
    assert "You have not written this part yet." in fails(check_route, "app", "/unwritten", hint="h")


def test_the_app_can_take_new_routes_after_a_check():
    check_route("app", "/jobs", json=[{"title": "Cook", "pay": 11.5}])
    app.add_url_rule("/later", "later", lambda: "later")
    check_route("app", "/later", contains="later")


def test_html_where_json_was_wanted_and_the_other_way():
    said = fails(check_route, "app", "/job/Cook", json={"title": "Cook"}, hint=None)
    assert "It gave:   a web page (HTML)" in said and "We wanted: JSON data" in said
    assert "Give back a dictionary or a list. Flask turns it into JSON." in said
    said = fails(check_route, "app", "/jobs", contains="<h1>", hint="h")
    assert "We wanted: the JSON to have '<h1>' in it" in said


def test_wrong_json_is_described_in_words():
    said = fails(check_route, "app", "/jobs", json=[{"title": "Cook", "pay": 11.5}, {"title": "Cleaner"}], hint="h")
    assert "Hint: It has 1 item. We wanted 2 items." in said
    said = fails(check_route, "app", "/jobs", json=[{"title": "Cook", "wage": 11.5}], hint="h")
    assert "Hint: In item 1: it has no key 'wage'. You wrote 'pay'." in said
    said = fails(check_route, "app", "/jobs", json=[{"title": "Chef", "pay": 11.5}], hint="h")
    assert "Hint: In item 1: the value of 'title' is 'Cook'. We wanted 'Chef'." in said


def test_words_missing_from_a_page_get_a_specific_hint():
    said = fails(check_route, "app", "/job/Cook", contains="<h1>cook</h1>", hint="h")
    assert "We wanted: the page to have '<h1>cook</h1>' in it" in said
    assert "Check the capital letters." in said
    said = fails(check_route, "app", "/tags/Cook", contains="<h1>Cook</h1>", hint="h")
    assert "Your tags show as words, not as tags." in said
    assert "Hint: h" in fails(check_route, "app", "/job/Cook", contains="Chef", hint="h")


def test_route_mistakes_match_a_status_or_words_in_the_page():
    said = fails(check_route, "app", "/shift/9", hint="h", mistakes={404: "Is there a shift 9?"})
    assert "Hint: Is there a shift 9?" in said
    said = fails(check_route, "app", "/job", hint="h", mistakes={404: "Is there a shift 9?"})
    assert "Did you mean /jobs?" in said
    said = fails(check_route, "app", "/job/Cook", contains="<h2>", hint="h", mistakes={"<h1>": "Use <h2>."})
    assert "Hint: Use <h2>." in said
    said = fails(check_route, "app", "/crash", hint="h", mistakes={KeyError: "Spell it title."})
    assert "Hint: Spell it title." in said


# --- escaping -------------------------------------------------------------------------------------

def test_escaped_text_passes_and_raw_html_fails(capsys):
    check_escaped("app", "/job/<script>alert(1)", "<script>alert(1)")
    check_escaped("job_card", ["<script>alert(1)"], "<script>alert(1)")
    assert capsys.readouterr().out.count("as words, not as HTML") == 2
    said = fails(check_escaped, "app", "/raw/<script>alert(1)", "<script>alert(1)")
    assert "It gave:   the page has '<script>alert(1)' as real HTML" in said
    assert "A browser would run this as code. Let the template put the value in, with {{ }}." in said
    said = fails(check_escaped, "raw_card", ["<script>"], "<script>", hint="Use {{ title }}.")
    assert "Hint: Use {{ title }}." in said


def test_escaping_a_page_without_the_text_says_to_put_it_in():
    said = fails(check_escaped, "app", "/jobs", "<script>")
    assert "Put the value in the page with {{ }} in the template." in said
    said = fails(check_escaped, "app", "/nowhere/<b>", "<b>")
    assert "status 404 Not Found" in said


# --- SQL ------------------------------------------------------------------------------------------

def test_a_right_query_passes_in_any_order(capsys):
    check_query("conn", "in_hull", [("Driver",), ("Cook",)])
    check_query("conn", "by_pay", [("Cleaner",), ("Cook",), ("Driver",)], ordered=True)
    assert capsys.readouterr().out == ("✓ running the SQL in `in_hull` gave the 2 rows we wanted\n"
                                       "✓ running the SQL in `by_pay` gave the 3 rows we wanted, in order\n")


def test_sql_errors_name_the_near_table_or_column():
    said = fails(check_query, "conn", "typo_column", HULL, hint="h")
    assert "It gave:   an error: no such column: titel" in said
    assert "Hint: No table here has a column called titel. Did you mean `title`? Check the spelling." in said
    said = fails(check_query, "conn", "typo_table", HULL, hint="h")
    assert "The database has no table called jbos. Did you mean `jobs`?" in said
    said = fails(check_query, "conn", "no_quotes", HULL, hint="h")
    assert "If Hull is a value, put quote marks around it: 'Hull'." in said
    said = fails(check_query, "conn", "bad_word", HULL, hint="h")
    assert "The SQL could not be read near town." in said


def test_wrong_rows_are_counted_and_one_is_named():
    said = fails(check_query, "conn", "in_hull", HULL + [("Cleaner",)], hint="h")
    assert "It gave:   2 rows" in said and "We wanted: 3 rows" in said
    assert "This row is missing: ('Cleaner',). Check the test after WHERE." in said
    said = fails(check_query, "conn", "by_pay", HULL, hint="h")
    assert "It gave:   3 rows" in said and "This row should not be there: ('Cleaner',)" in said
    said = fails(check_query, "conn", "two_columns", HULL, hint="h")
    assert "It gave:   2 rows of 2 values" in said and "We wanted: 2 rows of 1 value" in said
    assert "Check the columns you ask for after SELECT." in said
    said = fails(check_query, "conn", "in_hull", [("Cook",), ("Cleaner",)], hint="h")
    assert "It gave:   2 rows, but not all the ones we wanted" in said
    said = fails(check_query, "conn", "by_pay", [("Driver",), ("Cook",), ("Cleaner",)], ordered=True, hint="h")
    assert "It gave:   3 rows, in another order" in said
    assert "We wanted: 3 rows, in this order" in said
    assert "These are the right rows, but not in the right order. Check ORDER BY." in said


def test_query_mistakes_match_a_count_or_words_of_the_error():
    said = fails(check_query, "conn", "by_pay", HULL, hint="h", mistakes={3: "Add a WHERE."})
    assert "Hint: Add a WHERE." in said
    said = fails(check_query, "conn", "no_quotes", HULL, hint="h", mistakes={"no such column: Hull": "Quote it."})
    assert "Hint: Quote it." in said


def test_sql_that_is_not_text_or_a_connection_that_is_not_one():
    said = fails(check_query, "conn", "not_text", HULL, hint="h")
    assert "We wanted: text with SQL in it" in said and 'not_text = "SELECT ..."' in said
    said = fails(check_query, "in_hull", "in_hull", HULL, hint="h")
    assert "We wanted: a link to a database" in said
    said = fails(check_query, "missing.db", "in_hull", HULL, hint="h")
    assert "Run the cell that makes the database first." in said


def test_what_is_saved_is_read_from_a_database_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with sqlite3.connect("jobs.db") as saved:
        saved.execute("CREATE TABLE jobs (title TEXT)")
        saved.execute("INSERT INTO jobs VALUES ('Cook')")
    saved.close()
    check_database("jobs.db", "SELECT title FROM jobs", [("Cook",)], what="the jobs")
    assert capsys.readouterr().out == "✓ looking at the jobs in the database: the 1 row we wanted\n"
    said = fails(check_database, "jobs.db", "SELECT title FROM jobs", [], what="the jobs", hint="h")
    assert "We tried:  looking at the jobs in the database" in said and "This row should not be there" in said


JOBS_SQL = """
CREATE TABLE jobs (title TEXT, pay REAL);
INSERT INTO jobs VALUES ('Cook', 11.5), ('Driver', 12.0);
"""
add_porter = "INSERT INTO jobs VALUES ('Porter', 11.8)"
add_unquoted = "INSERT INTO jobs VALUES (Porter, 11.8)"
not_sql = ["INSERT"]


def raise_pay(conn, title, pay):
    conn.execute("UPDATE jobs SET pay = ? WHERE title = ?", (pay, title))


def raise_every_pay(conn, title, pay):
    conn.execute("UPDATE jobs SET pay = ?", (pay,))


def test_what_is_saved_after_the_learners_sql_or_function(capsys):
    check_database(database(JOBS_SQL), "SELECT title FROM jobs", [("Cook",), ("Driver",), ("Porter",)],
                   what="the jobs", run="add_porter")
    check_database(database(JOBS_SQL), "SELECT title, pay FROM jobs", [("Cook", 12.5), ("Driver", 12.0)],
                   what="the pay", run="raise_pay", args=["Cook", 12.5])
    assert capsys.readouterr().out.splitlines() == [
        "✓ running the SQL in `add_porter`, then looking at the jobs: the 3 rows we wanted",
        "✓ raise_pay(conn, 'Cook', 12.5), then looking at the pay: the 2 rows we wanted"]
    said = fails(check_database, database(JOBS_SQL), "SELECT title, pay FROM jobs", [("Cook", 12.5), ("Driver", 12.0)],
                 what="the pay", run="raise_every_pay", args=["Cook", 12.5],
                 mistakes={(("Cook", 12.5), ("Driver", 12.5)): "Every job changed. Add a WHERE."})
    assert "We tried:  raise_every_pay(conn, 'Cook', 12.5), then looking at the pay" in said
    assert "Hint: Every job changed. Add a WHERE." in said
    said = fails(check_database, database(JOBS_SQL), "SELECT title FROM jobs", [], what="the jobs", run="add_unquoted",
                 hint="h")
    assert "If Porter is a value, put quote marks around it: 'Porter'." in said
    said = fails(check_database, database(JOBS_SQL), "SELECT title FROM jobs", [], what="the jobs", run="not_sql",
                 hint="h")
    assert 'Put your SQL in quote marks, like this: not_sql = "INSERT ..."' in said


def test_rows_from_a_function(capsys):
    check_rows("find_safe", ["Hull"], HULL)
    assert capsys.readouterr().out == "✓ find_safe('Hull') gave the 2 rows we wanted\n"
    said = fails(check_rows, "find_cursor", ["Hull"], HULL, hint="h")
    assert "It gave:   a cursor" in said and "Add .fetchall() to get the rows." in said
    said = fails(check_rows, "find_no_comma", ["Hull"], HULL, hint="h")
    assert "The SQL has this many ? marks: 1. But it got this many values: 4." in said
    assert "One value on its own needs a comma after it, like (town,)" in said
    said = fails(check_rows, "find_in_jbos", ["Hull"], HULL, db="conn", hint="h")
    assert "Hint: Did you mean `jobs`? Check the spelling." in said
    said = fails(check_rows, "find_printed", ["Hull"], HULL, hint="h")
    assert "It looks like you used `print` to show the answer." in said


# --- injection ------------------------------------------------------------------------------------

HOSTILE = "Hull' OR '1'='1"


def test_a_safe_function_passes_and_an_unsafe_one_is_caught(capsys):
    check_safe_from_injection("find_safe", [HOSTILE], [])
    assert capsys.readouterr().out == "✓ find_safe(\"Hull' OR '1'='1\") is safe: the text did not change the SQL\n"
    said = fails(check_safe_from_injection, "find_unsafe", [HOSTILE], [])
    assert "It gave:   3 rows" in said and "We wanted: 0 rows" in said
    assert "The text changed what your SQL does, so it found rows it should not." in said
    said = fails(check_safe_from_injection, "find_unsafe", ["O'Neill"], [], hint="h")
    assert "It stopped with an error: OperationalError" in said
    assert "The quote mark in the text broke your SQL. So the text became part of the SQL." in said


def test_a_change_to_the_table_is_caught():
    spare = sqlite3.connect(":memory:")
    spare.execute("CREATE TABLE jobs (title TEXT)")
    spare.executemany("INSERT INTO jobs VALUES (?)", [("Cook",), ("Driver",)])
    globals()["spare"] = spare

    def remove(title):
        spare.execute(f"DELETE FROM jobs WHERE title = '{title}'")

    globals()["remove"] = remove
    said = fails(check_safe_from_injection, "remove", ["x' OR '1'='1"], db="spare", table="jobs")
    assert "It gave:   the table jobs changed: it had 2 rows, now 0" in said
    assert "We wanted: no change at all" in said
    assert "so it changed rows it should not." in said


# --- plain words for errors, the test server, the request form -------------------------------------

@pytest.mark.parametrize("sql, means", [
    ("CREATE TABLE jobs (a)", "The table jobs is there already."),
    ("INSERT INTO jobs VALUES (1, 2)", "The table has 3 columns, but the SQL gives 2 values."),
    ("SELECT * FROM jobs WHERE (town = 'a'", "The SQL stops too soon."),
    ("INSERT INTO jobs (title, town) VALUES ('Cook')", "The SQL names 2 columns, but the number of values is 1."),
    ("SELECT * FROM jobs WHERE town = 'Hull", "A quote mark in the SQL is not closed."),
])
def test_sql_errors_in_plain_words(sql, means):
    with pytest.raises(sqlite3.Error) as error:
        conn.execute(sql)
    assert explain_error(error.value).means == means
    assert sql_advice(error.value, None).means == means


def test_constraints_and_flask_setup_errors_in_plain_words():
    strict = sqlite3.connect(":memory:")
    strict.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")
    strict.execute("INSERT INTO jobs VALUES (1, 'Cook')")
    for sql, means in (("INSERT INTO jobs VALUES (1, 'Chef')", "Two rows would have the same jobs.id."),
                       ("INSERT INTO jobs VALUES (2, NULL)", "A row has no value for jobs.title.")):
        with pytest.raises(sqlite3.IntegrityError) as error:
            strict.execute(sql)
        assert explain_error(error.value).means == means
    strict.close()
    with pytest.raises(sqlite3.ProgrammingError) as error:
        strict.execute("SELECT 1")
    assert explain_error(error.value).means == "The link to the database is closed."
    twice = Flask("twice")
    twice.add_url_rule("/", "home", lambda: "a")
    with pytest.raises(AssertionError) as error:
        twice.add_url_rule("/b", "home", lambda: "b")
    assert explain_error(error.value).means == "Two routes use the same function name, home."
    twice.test_client().get("/")
    with pytest.raises(AssertionError) as error:
        twice.add_url_rule("/c", "c", lambda: "c")
    assert explain_error(error.value).means == "The app has answered a request. Now it cannot take new routes."


def test_the_test_server_serves_pages_on_loopback_and_stops():
    with serve({"/": "<h1>Jobs</h1>", "/api": (201, "application/json", "[1]")}) as base:
        assert base.startswith("http://127.0.0.1:")
        assert urllib.request.urlopen(base + "/").read() == b"<h1>Jobs</h1>"
        with urllib.request.urlopen(base + "/api") as answer:
            assert (answer.status, answer.headers["Content-Type"]) == (201, "application/json; charset=utf-8")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/nope")
        assert missing.value.code == 404
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base + "/", timeout=2)


def test_the_request_builder_shows_the_status_and_the_answer(capsys):
    form = request_builder(app)
    method, path, fields, send, _ = form.children
    path.value, method.value, fields.value = "/apply", "POST", "name=Sam"
    send.click()
    assert capsys.readouterr().out.splitlines()[-3:] == ["Status: 200 OK", "Content-Type: text/html; charset=utf-8",
                                                         "Thanks, Sam"]
    path.value, method.value = "/crash", "GET"
    send.click()
    shown = capsys.readouterr().out
    assert "Status: 500 Internal Server Error" in shown and "The route stopped: KeyError: 'titel'" in shown
