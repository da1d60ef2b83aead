"""The JavaScript helpers: runs with limits, a small page, and kind, specific messages."""

from __future__ import annotations

import time

import pytest

from curriculum.checks import NotQuiteRight
from curriculum.jscheck import (check_js_call, check_js_page, check_js_prediction, check_js_printed,
                                check_js_value, playground, preview, run)

PAY = "function pay(hours, rate) {\n  return hours * rate;\n}"
PAGE = ('<p>Hours: <input id="hours" value="3"></p>\n<button id="add">Add up</button>\n'
        '<p id="total">£0.00</p>\n<ul id="jobs"></ul>')
ADD_UP = ('const button = document.getElementById("add");\n'
          'button.addEventListener("click", () => {\n'
          '  const hours = Number(document.getElementById("hours").value);\n'
          '  document.querySelector("#total").textContent = "£" + (hours * 11.44).toFixed(2);\n'
          '});')
FORM = '<form id="search"><input id="title"><button>Add</button></form><p id="out"></p>'


def message(error: pytest.ExceptionInfo[NotQuiteRight]) -> str:
    return "\n".join(error.value._render_traceback_())


def fails(check, code: str, *args, **options) -> str:
    """The message ``check`` gives for JavaScript ``code`` kept in a variable called ``code``."""
    globals()["code"] = code
    with pytest.raises(NotQuiteRight) as error:
        check("code", *args, **options)
    return message(error)


def page_fails(js: str, then: dict[str, str], html: str = PAGE, **options) -> str:
    globals().update(page=html, js=js)
    with pytest.raises(NotQuiteRight) as error:
        check_js_page("page", "js", then, hint="Read the page again.", **options)
    return message(error)


def ran(code: object, capsys: pytest.CaptureFixture[str]) -> str:
    run(code)  # type: ignore[arg-type]
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


# --- run ---------------------------------------------------------------------------------------------

def test_run_shows_what_is_logged_and_the_last_value(capsys):
    out = ran('console.log("Shift", 3, [6, "late"], {pay: 12.5}, true, null);\nlet hours = 4;\nhours * 2', capsys)
    assert out == "Shift 3 [ 6, 'late' ] { pay: 12.5 } true null\n=> 8\n"
    assert ran("let pay = 10;", capsys) == ""
    assert ran('alert("Saved");', capsys) == "Saved\n"
    assert ran("`Pay: £${(12.5 * 3).toFixed(2)}`", capsys) == "=> 'Pay: £37.50'\n"


def test_run_explains_an_unknown_name_with_its_line(capsys):
    assert ran("let rate = 12;\nconsole.log(rate);\nconsole.log(hours);", capsys) == (
        "12\nYour JavaScript stopped.\nIt stopped at line 3:  console.log(hours);\n"
        "It means:  JavaScript does not know the name `hours`.\n"
        "Try this: Check the spelling and the capital letters. Make it with let, const or function before you "
        "use it.\nThe error: ReferenceError: hours is not defined\n")


@pytest.mark.parametrize("code, line, means, step", [
    ("let pay = 5;\npay()", "It stopped at line 2:  pay()", "You used something as a function that is not one.",
     "Check the name before the ( . Is it spelt right? Is it a function?"),
    ("const rate = 12;\nrate = 13;", "It stopped at line 2:  rate = 13;", "You changed a name made with const.",
     "Use let for a value that changes."),
    ("function total(shifts) {\n  const sum = 0;\n  for (const s of shifts) {\n    sum += s;\n  }\n  return sum;\n}"
     "\ntotal([1, 2]);", "It stopped at line 4:  sum += s;", "You changed a name made with const.",
     "Use let for a value that changes."),
    ("let pay = 1\nif (pay > 0 {\n}", "It stopped at line 2:  if (pay > 0 {", "JavaScript could not read this line.",
     "Look for a missing bracket, quote mark or comma on this line or the one above it."),
    ("let pay = 1;\nlet pay = 2;", "It stopped at line 2:  let pay = 2;",
     "You made the same name twice with let or const.", "Make each name once. To change it later, leave out the let."),
    ("function pay(h) {\n  return h * 2;\n", None, "The code ends too soon. A bracket or quote mark is opened but not "
     "closed.", "Check that each { has a } and each ( has a )."),
    ('let job = "Cook;', "It stopped at line 1:  let job = \"Cook;",
     "Some text has a quote mark at the start but not at the end.", "Put a quote mark at the end of the text."),
    ("let total = null;\ntotal.textContent", "It stopped at line 2:  total.textContent",
     "You asked for a part of something that is null: it is empty.",
     "If it came from getElementById or querySelector, check that the id or class matches the HTML."),
    ("function pay() {\n  return pay();\n}\npay()", "It stopped at line 2:  return pay();",
     "A function called itself again and again, with no end.",
     "Make sure the function stops calling itself at some point."),
    ('throw new Error("Hours must be above 0");', "It stopped at line 1:  throw new Error(\"Hours must be above 0\");",
     "Your code stopped with an error.", "Read the error. It says what went wrong."),
    ("throw 5;", None, "Your code stopped with throw 5.", "Look for the throw line in your code."),
    ("let n = 1;\nn.toFixed(2).push(3)", "It stopped at line 2:  n.toFixed(2).push(3)",
     "You used something as a function that is not one.",
     "Check the name before the ( . Is it spelt right? Is it a function?"),
])
def test_run_explains_each_kind_of_error(capsys, code, line, means, step):
    out = ran(code, capsys)
    assert out.startswith("Your JavaScript stopped.\n")
    assert (line in out) if line else "It stopped at line" not in out
    assert f"It means:  {means}\nTry this: {step}\n" in out


def test_a_call_of_something_that_is_not_a_function_is_named(capsys):
    assert "The error: TypeError: jobs.add is not a function" in ran("let jobs = [];\njobs.add(1);", capsys)


def test_an_endless_loop_is_stopped_in_time(capsys):
    start = time.monotonic()
    out = ran("let hours = 0;\nwhile (hours < 10) {\n  hours + 1;\n}", capsys)
    assert time.monotonic() - start < 15  # the limit counts the engine's own time, so a busy computer takes longer
    assert ("It means:  Your code ran too long, so we stopped it. A loop that never ends does this.\n"
            "Try this: Check that the loop's test becomes false, so the loop can stop.\n"
            "The error: InternalError: interrupted\n") in out


@pytest.mark.parametrize("code", [
    'let jobs = [];\nwhile (true) {\n  jobs.push("Cleaner " + jobs.length);\n}',
    'function grow() {\n  let jobs = [];\n  while (true) { jobs.push("Cook " + jobs.length); }\n}\ngrow();',
    'let text = "x";\nwhile (true) {\n  text = text + text;\n}',
])
def test_a_memory_bomb_is_stopped(capsys, code):
    out = ran(code, capsys)
    assert ("It means:  Your code used too much memory, so we stopped it. "
            "A loop that adds to a list or to some text forever does this.\n"
            "Try this: Check that the loop stops. Make it add only what it needs.\n") in out


def test_an_endless_loop_that_logs_stops_at_1000_lines(capsys):
    out = ran("let i = 0;\nwhile (i < 3) {\n  console.log(i);\n}", capsys)
    assert out.count("0\n") == 50
    assert "... and 950 more lines\nYour JavaScript stopped.\nIt stopped at line 3:  console.log(i);\n" in out
    assert "It means:  Your code logged more than 1000 lines, so we stopped it." in out


def test_run_needs_text(capsys):
    assert ran(5, capsys) == ("`run` needs text (a string) with JavaScript in it. "
                              "It got 5, which is a whole number (an int).\n")


def test_playground_runs_the_code_in_its_box(capsys):
    box, button, _ = playground("console.log(2 + 3);").children
    box.value = "console.log(2 * 3);"
    button.click()
    assert capsys.readouterr().out.endswith("6\n")


# --- check_js_call --------------------------------------------------------------------------------

def test_check_js_call_passes_with_one_line(capsys):
    globals()["code"] = PAY
    check_js_call("code", "pay", [3, 2.5], 7.5, hint="Multiply.")
    globals()["code"] = "const long = (shifts) => shifts.filter((s) => s >= 10);\nconst job = (t) => ({title: t});"
    check_js_call("code", "long", [[6, 10, 12]], [10, 12], hint="Keep the long ones.")
    check_js_call("code", "job", ["Cook"], {"title": "Cook"}, hint="Make an object.")
    globals()["code"] = "function add(a, b) { return a + b; }"
    check_js_call("code", "add", [0.1, 0.2], 0.3, hint="Add.")
    assert capsys.readouterr().out == ("✓ pay(3, 2.5) gave 7.5\n✓ long([ 6, 10, 12 ]) gave [ 10, 12 ]\n"
                                       "✓ job('Cook') gave { title: 'Cook' }\n"
                                       "✓ add(0.1, 0.2) gave 0.30000000000000004\n")


def test_check_js_call_names_logging_instead_of_returning():
    assert fails(check_js_call, "function pay(h, r) {\n  console.log(h * r);\n}", "pay", [3, 2], 6, hint="h") == (
        "Not quite right yet.\nWe tried:  pay(3, 2)\nIt gave:   undefined, which is undefined (nothing)\n"
        "We wanted: 6, which is a number\n"
        "Hint: It looks like you used console.log to show the answer. Use return to give it back instead.")


def test_check_js_call_names_a_missing_return():
    assert fails(check_js_call, "function pay(h, r) {\n  h * r;\n}", "pay", [3, 2], 6, hint="h").endswith(
        "Hint: It gave back nothing (undefined). Did you forget to write return?")


def test_check_js_call_names_text_joined_to_text():
    assert fails(check_js_call, "function add(a, b) { return a + b; }", "add", ["3", "2"], 5, hint="h") == (
        "Not quite right yet.\nWe tried:  add('3', '2')\nIt gave:   '32', which is text (a string)\n"
        "We wanted: 5, which is a number\n"
        "Hint: It looks like text and a number were joined with +. Make both numbers first, with Number(...).")


def test_check_js_call_names_text_and_numbers_in_the_wrong_kind():
    assert fails(check_js_call, "function f() { return '6'; }", "f", [], 6, hint="h").endswith(
        "Hint: It looks like you gave back text, not a number. Take away the quote marks.")
    assert fails(check_js_call, "function f() { return 6; }", "f", [], "6", hint="h").endswith(
        "Hint: It looks like you gave back a number, not text.")


def test_check_js_call_uses_a_mistakes_table_then_the_hint():
    table = {(6, 10, 12): "Keep only shifts of 10 hours or more."}
    code = "const long = (shifts) => shifts;"
    assert fails(check_js_call, code, "long", [[6, 10, 12]], [10, 12], hint="h", mistakes=table).endswith(
        "It gave:   [ 6, 10, 12 ]\nWe wanted: [ 10, 12 ]\nHint: Keep only shifts of 10 hours or more.")
    assert fails(check_js_call, PAY, "pay", [3, 2], 7, hint=("Not the pay.", "Multiply.")).endswith(
        "Hint: Not the pay.\nStill stuck? Try again, then run this check again for the next hint.")


def test_check_js_call_explains_an_error_and_a_mistake_keyed_by_its_kind():
    code = "function pay(hours, rate) {\n  return hours * rat;\n}"
    assert fails(check_js_call, code, "pay", [3, 2], 6, hint="h") == (
        "Not quite right yet.\nWe tried:  pay(3, 2)\nIt stopped with an error: ReferenceError: rat is not defined\n"
        "It stopped at line 2:  return hours * rat;\nIt means:  JavaScript does not know the name `rat`.\nHint: h")
    assert fails(check_js_call, code, "pay", [3, 2], 6, mistakes={"ReferenceError": "Spell rate in full."}).endswith(
        "Hint: Spell rate in full.")
    assert fails(check_js_call, "function pay( {", "pay", [3, 2], 6, hint="h").startswith(
        "Not quite right yet.\nWe tried:  running the code in `code`\nIt stopped with an error: SyntaxError:")


def test_check_js_call_names_a_function_that_is_missing_or_spelt_with_other_capitals():
    assert fails(check_js_call, PAY, "Pay", [3, 2], 6, hint="h") == (
        "Not quite right yet.\nWe tried:  looking for the function `Pay` in `code`\n"
        "It gave:   there is no function with that name\nWe wanted: a function called `Pay`\n"
        "Hint: You made `pay`. We are looking for `Pay`. Check the capital letters.")
    assert fails(check_js_call, PAY, "wage", [3, 2], 6, hint="h").endswith(
        "Hint: Write function wage(...) { ... } in `code`.")
    assert fails(check_js_call, "let wage = 5;", "wage", [3, 2], 6, hint="h").endswith(
        "It gave:   a number\nWe wanted: a function\nHint: Write function wage(...) { ... } to make the function.")


def test_check_js_call_needs_written_javascript_text():
    assert fails(check_js_call, 'function pay() {\n  print("Not written yet: write your answer here.")\n}', "pay", [],
                 1, hint="h") == ("Not quite right yet.\nWe tried:  looking at `code`\nYou have not written this part "
                                  "yet.\nWrite your answer in place of the line that says \"Not written yet\".")
    assert fails(check_js_call, "  ", "pay", [], 1, hint="h").endswith(
        "It gave:   empty text\nWe wanted: JavaScript code\nHint: Write your JavaScript between the quote marks.")
    assert fails(check_js_call, 5, "pay", [], 1, hint="h").endswith(  # type: ignore[arg-type]
        'Hint: Put three quote marks before and after your JavaScript, like this: code = """ ... """')


# --- check_js_value and check_js_printed -----------------------------------------------------------

def test_check_js_value_reads_a_let_or_const(capsys):
    globals()["code"] = "let rate = 12.5;\nconst weekly = rate * 38;"
    check_js_value("code", "weekly", 475, hint="h")
    assert capsys.readouterr().out == "✓ `weekly` is 475\n"
    assert fails(check_js_value, "let rate = 12.5;", "Rate", 12.5, hint="h") == (
        "Not quite right yet.\nWe tried:  running `code` and looking at `Rate`\nIt gave:   there is no `Rate`\n"
        "We wanted: a name `Rate` made with let or const\n"
        "Hint: You made `rate`. We are looking for `Rate`. Check the capital letters.")
    assert fails(check_js_value, "let rate = 12.5;", "pay", 12.5, hint="h").endswith(
        "Hint: Write a line that starts with let pay = or const pay =")
    assert fails(check_js_value, 'let rate = "12.5";', "rate", 12.5, hint="h").endswith(
        "It gave:   '12.5', which is text (a string)\nWe wanted: 12.5, which is a number\n"
        "Hint: It looks like you gave back text, not a number. Take away the quote marks.")


def test_check_js_printed_compares_the_lines_logged(capsys):
    globals()["code"] = 'for (let day = 1; day <= 2; day++) {\n  console.log("Shift " + day);\n}'
    check_js_printed("code", ["Shift 1", "Shift 2"], hint="h")
    globals()["code"] = "function slip(name) { console.log(`Pay for ${name}`); }"
    check_js_printed("code", "Pay for Sam", call="slip('Sam')", hint="h")
    assert capsys.readouterr().out == ("✓ running `code` logged 2 lines: 'Shift 1', 'Shift 2'\n"
                                       "✓ running `code` and calling slip('Sam') logged 1 line: 'Pay for Sam'\n")


def test_check_js_printed_says_how_the_lines_differ():
    loop = 'for (let day = 1; day < 2; day++) {\n  console.log("Shift " + day);\n}'
    assert fails(check_js_printed, loop, ["Shift 1", "Shift 2"], hint="h") == (
        "Not quite right yet.\nWe tried:  running `code`\nIt gave:   1 line: 'Shift 1'\n"
        "We wanted: 2 lines: 'Shift 1', 'Shift 2'\nHint: We wanted 2 lines. It logged 1.")
    assert fails(check_js_printed, "let pay = 5;", "5", hint="h").endswith(
        "It gave:   nothing logged\nWe wanted: 1 line: '5'\n"
        "Hint: Nothing was logged. Use console.log(...) to show each line.")
    assert fails(check_js_printed, 'console.log("pay 5");', "Pay 5", hint="h", mistakes={"pay 5": "Use a capital P."}
                 ).endswith("Hint: Use a capital P.")
    assert fails(check_js_printed, 'console.log("Pay 6");', "Pay 5", hint="Check the sum.").endswith(
        "Hint: Check the sum.")
    assert fails(check_js_printed, "function slip() { return 1; }", "1", call="slop()", hint="h").endswith(
        "It stopped with an error: ReferenceError: slop is not defined\nIt means:  JavaScript does not know the name "
        "`slop`.\nHint: h")


# --- check_js_page --------------------------------------------------------------------------------

def test_check_js_page_types_clicks_and_reads_the_page(capsys):
    globals().update(page=PAGE, js=ADD_UP)
    check_js_page("page", "js", {"#total": "£114.40"}, type_in={"#hours": "10"}, click="#add", hint="h")
    check_js_page("page", "js", {"#total": "£0.00", "#hours": "3"}, hint="h")
    assert capsys.readouterr().out == (
        "✓ running `js` on the page, then typing '10' in #hours and clicking #add: #total says '£114.40'\n"
        "✓ running `js` on the page: #total says '£0.00', #hours says '3'\n")


def test_the_page_knows_selectors_classes_new_elements_and_events(capsys):
    html = ('<ul id="jobs"><li class="job late">Cook</li><li class="job">Cleaner</li></ul>'
            '<select id="shift"><option>Early</option><option selected>Late</option></select><p id="out"></p>')
    js = ('const jobs = document.querySelectorAll("#jobs > li.job");\n'
          'const item = document.createElement("li");\nitem.textContent = "Driver";\nitem.classList.add("job");\n'
          'document.getElementById("jobs").appendChild(item);\n'
          'document.querySelector("ul .late").remove();\n'
          'document.addEventListener("DOMContentLoaded", () => {\n'
          '  const out = document.querySelector("#out");\n'
          '  out.innerHTML = `<b>${jobs.length}</b> jobs, ${document.querySelector("#shift").value}`;\n'
          '  out.classList.toggle("done");\n'
          '});')
    globals().update(page=html, js=js)
    check_js_page("page", "js", {"#out": "2 jobs, Late", "#jobs": "Cleaner Driver", "#out b": "2",
                                 "p.done": "2 jobs, Late", "select": "Late"}, hint="h")
    assert capsys.readouterr().out.startswith("✓ running `js` on the page: #out says '2 jobs, Late'")


def test_check_js_page_says_what_the_page_shows():
    assert page_fails(ADD_UP.replace("11.44", "11"), {"#total": "£114.40"}, type_in={"#hours": "10"},
                      click="#add") == (
        "Not quite right yet.\nWe tried:  running `js` on the page, then typing '10' in #hours and clicking #add\n"
        "It gave:   #total says '£110.00'\nWe wanted: #total says '£114.40'\nHint: Read the page again.")
    assert page_fails('document.getElementById("total").textContent = "£114.40 ";', {"#total": "£114.4"}).endswith(
        "Hint: Read the page again.")
    assert page_fails('document.getElementById("total").textContent = "total";', {"#total": "Total"}).endswith(
        "Hint: Check the capital letters.")
    assert page_fails('document.getElementById("total").textContent = "£";', {"#total": "£114.40"}).endswith(
        "Hint: The words are not all there yet.")


def test_check_js_page_names_a_missing_part_of_the_page():
    assert page_fails(ADD_UP, {"#sum": "£1"}) == (
        "Not quite right yet.\nWe tried:  running `js` on the page\nIt gave:   no part of the page matches #sum\n"
        "We wanted: a part of the page that matches #sum\n"
        "Hint: Does your code make it? Or check the HTML in `page`.")
    assert page_fails(ADD_UP, {"#total": "£1"}, click="#sum").endswith('Is there a tag with id="sum"?')
    assert page_fails(ADD_UP, {"#total": "£1"}, type_in={".sum": "1"}).endswith('Is there a tag with class="sum"?')
    assert page_fails(ADD_UP, {"#total": "£1"}, click="ul li").endswith("Is there a tag with the selector ul li?")


def test_check_js_page_explains_an_element_not_found_by_its_id():
    assert page_fails('document.getElementById("ad").addEventListener("click", () => {});', {"#total": "£0.00"}) == (
        "Not quite right yet.\nWe tried:  running the code in `js`\n"
        "It stopped with an error: TypeError: cannot read property 'addEventListener' of null\n"
        "It stopped at line 1:  document.getElementById(\"ad\").addEventListener(\"click\", () => {});\n"
        "It means:  You asked for a part of something that is null: it is empty.\n"
        "Hint: There is no id \"ad\" on the page. The ids on the page are: \"hours\", \"add\", \"total\", \"jobs\".")


def test_check_js_page_explains_an_error_in_a_click_handler():
    js = 'document.getElementById("add").addEventListener("click", () => {\n  totl.textContent = "£1";\n});'
    assert page_fails(js, {"#total": "£1"}, click="#add") == (
        "Not quite right yet.\nWe tried:  running `js` on the page, then clicking #add\n"
        "It stopped with an error: ReferenceError: totl is not defined\n"
        "It stopped at line 2:  totl.textContent = \"£1\";"
        "\nIt means:  JavaScript does not know the name `totl`.\nHint: Read the page again.")
    assert page_fails('document.getElementById("add").addEventListener("click", "go");', {"#total": "£1"}).endswith(
        "It stopped with an error: TypeError: addEventListener needs a function, not 'go'\n"
        "It stopped at line 1:  document.getElementById(\"add\").addEventListener(\"click\", \"go\");\n"
        "It means:  A value is not the kind this line needs.\nHint: Check the kind of each value on this line.")


def test_check_js_page_catches_a_script_tag_put_in_with_inner_html():
    unsafe = 'document.getElementById("jobs").innerHTML = "<li>" + "<script>alert(1)</script> Cook" + "</li>";'
    assert page_fails(unsafe, {"#jobs": "<script>alert(1)</script> Cook"}).endswith(
        "It gave:   #jobs says 'alert(1) Cook'\nWe wanted: #jobs says '<script>alert(1)</script> Cook'\n"
        "Hint: A <script> tag got into the page. Use textContent, or escape the text, so its words stay words.")
    safe = 'document.getElementById("jobs").innerHTML = "<li>&lt;script&gt;alert(1)&lt;/script&gt; Cook</li>";'
    globals().update(page=PAGE, js=safe)
    check_js_page("page", "js", {"#jobs li": "<script>alert(1)</script> Cook"}, hint="h")


def test_check_js_page_says_when_a_form_would_reload_the_page():
    js = ('document.getElementById("search").addEventListener("submit", (event) => {\n'
          '  document.getElementById("out").textContent = document.getElementById("title").value;\n});')
    assert page_fails(js, {"#out": "Cook"}, html=FORM, type_in={"#title": "Cook"}, click="button") == (
        "Not quite right yet.\nWe tried:  running `js` on the page, then typing 'Cook' in #title and clicking button\n"
        "It gave:   the form was sent, so the page would start again and lose your changes\n"
        "We wanted: the page keeps your changes\n"
        "Hint: In the function for the form's submit, call event.preventDefault() first.")
    globals().update(page=FORM, js=js.replace("{\n", "{\n  event.preventDefault();\n", 1))
    check_js_page("page", "js", {"#out": "Cook"}, type_in={"#title": "Cook"}, click="button", hint="h")


def test_check_js_page_needs_closed_html_text():
    assert page_fails(ADD_UP, {"#total": "£0"}, html="<p id='total'>£0").endswith(
        "Hint: Your <p> with the words '£0' is opened but never closed. Add </p> at its end.")
    assert page_fails(ADD_UP, {"#total": "£0"}, html=5).endswith(  # type: ignore[arg-type]
        'Hint: Put your HTML between quote marks: page = """ ... """')


# --- check_js_prediction ---------------------------------------------------------------------------

LOGS = 'let pay = 100;\npay = pay + 20;\nconsole.log(pay);\nconsole.log("5" + 3);'


def test_check_js_prediction_compares_a_guess_with_what_the_code_logs(capsys):
    for guess in (["120", "53"], "120\n53", [120, 53]):
        globals()["guess"] = guess
        check_js_prediction("guess", LOGS, hint="h")
    assert capsys.readouterr().out == "✓ `guess` is what the code prints\n" * 3
    globals()["guess"] = ["120", "8"]
    with pytest.raises(NotQuiteRight) as error:
        check_js_prediction("guess", LOGS, hint="Text and a number join.", mistakes={("120", "8"): "+ joins text."})
    assert message(error) == ("Not quite right yet.\nWe tried:  looking at your guess `guess`\n"
                              "It gave:   ['120', '8']\nWe wanted: what the code really prints\nHint: + joins text.")


def test_run_says_when_the_code_is_not_written_yet(capsys):
    assert ran('\nprint("Not written yet: write your answer in place of this line.")\n', capsys) == (
        "Not written yet: write your JavaScript in place of that line.\n")


def test_a_part_of_the_page_not_found_is_named_in_plain_words():
    for wrong, said in [('getElementById("#total")', 'getElementById takes the id with no # in front. '
                                                     'Write getElementById("total").'),
                        ('getElementById("Total")', 'There is no id "Total". The page has the id "total". '
                                                    'Check the capital letters.'),
                        ('querySelector("total")', 'To find an id, put # in front: "#total".'),
                        ('querySelector("#Total")', 'There is no id "Total". The page has the id "total". '
                                                    'Check the capital letters.'),
                        ('querySelector("p.sum")', 'Nothing on the page matches "p.sum".')]:
        assert page_fails(f"document.{wrong}.textContent = 'x';", {"#total": "x"}).endswith(f"Hint: {said}")
    html = '<ul><li class="job">Cook</li></ul><p id="count"></p>'
    js = 'const jobs = document.querySelectorAll("job");\ndocument.getElementById("count").textContent = jobs.length;'
    assert page_fails(js, {"#count": "1"}, html=html).endswith(
        "It gave:   #count says '0'\nWe wanted: #count says '1'\nHint: To find a class, put a dot in front: \".job\".")


def test_check_js_page_clicks_a_list_of_buttons_in_turn(capsys):
    html = '<button id="apply">Apply</button><p id="applied">Applied: 0</p>'
    js = ('let count = 0;\ndocument.getElementById("apply").addEventListener("click", () => {\n'
          '  count = count + 1;\n  document.getElementById("applied").textContent = `Applied: ${count}`;\n});')
    globals().update(page=html, js=js)
    check_js_page("page", "js", {"#applied": "Applied: 2"}, click=["#apply", "#apply"], hint="h")
    assert capsys.readouterr().out == (
        "✓ running `js` on the page, then clicking #apply then #apply: #applied says 'Applied: 2'\n")


def test_run_and_a_prediction_can_use_a_page(capsys):
    html = '<p id="pay">Pay: <b>£12</b></p>'
    code = ('const pay = document.getElementById("pay");\nconsole.log(pay.textContent);\n'
            'console.log(pay.innerHTML);\npay.textContent = "<b>£15</b>";\nconsole.log(pay.innerHTML);')
    run(code, page=html)
    assert capsys.readouterr().out == "Pay: £12\nPay: <b>£12</b>\n&lt;b&gt;£15&lt;/b&gt;\n"
    globals()["guess"] = ["Pay: £12", "Pay: <b>£12</b>", "&lt;b&gt;£15&lt;/b&gt;"]
    check_js_prediction("guess", code, page=html, hint="h")
    run('document.getElementById("Pay").textContent = "x";', page=html)
    assert capsys.readouterr().out.endswith(
        'Try this: There is no id "Pay". The page has the id "pay". Check the capital letters.\n'
        "The error: TypeError: cannot set property 'textContent' of null\n")


def test_preview_draws_the_page_with_its_script_in_a_sandboxed_frame(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr("curriculum.jscheck.show", lambda text, **options: shown.append((text, options)))
    preview('<p id="total"></p>', 'total.innerHTML = "</b>";')
    assert shown == [('<p id="total"></p>\n<script>\ntotal.innerHTML = "<\\/b>";\n</script>', {"scripts": True})]
    preview("<p></p>", '\nprint("Not written yet: write your answer in place of this line.")\n')
    assert shown[-1] == ("<p></p>\n<script>\n\n</script>", {"scripts": True})
    assert capsys.readouterr().out == ("Not written yet: write your JavaScript in place of that line. "
                                       "Here is the page without it.\n")
    with pytest.raises(NotQuiteRight) as error:
        preview("<p></p>", 5)  # type: ignore[arg-type]
    assert message(error) == ("Not quite right yet.\n`preview` needs text (a string) with JavaScript in it. "
                              "It got 5, which is a whole number (an int).")
