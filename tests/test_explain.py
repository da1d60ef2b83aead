"""Checks that explain what happened: crashes of the learner's cell, near names, exact kinds, hints in stages,
the blank answer, and the predict-the-output and put-the-lines-in-order tasks.

Each test runs cells in a real IPython shell, as a notebook does: an answer cell, then a test cell.
"""

from __future__ import annotations

import ast
import contextlib
import io
from collections.abc import Iterator

import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell
from nbclient import NotebookClient

from curriculum.core.helpers import learner_helpers

from .support import ROOT

IMPORTS = "from curriculum.checks import check_call, check_order, check_prediction, check_raises, check_value\n"


def stub() -> str:
    """The blank answer learners get: ``c.ClearSolutions.code_stub`` read from nbgrader_config.py."""
    tree = ast.parse((ROOT / "nbgrader_config.py").read_text(encoding="utf-8"))
    value = next(node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                 and ast.unparse(node.targets[0]) == "c.ClearSolutions.code_stub")
    return ast.literal_eval(value)["python"]


@pytest.fixture
def shell() -> Iterator[InteractiveShell]:
    shell = InteractiveShell.instance()
    shell.reset()
    yield shell
    shell.reset()


def run(shell: InteractiveShell, *cells: str) -> str:
    """Run ``cells`` one after another, as a learner would; what the last one showed."""
    for cell in cells:
        shown = io.StringIO()
        with contextlib.redirect_stdout(shown):
            shell.run_cell(cell, store_history=False)
    return shown.getvalue()


def test_explain_is_a_learner_module_so_checks_may_import_it() -> None:
    assert "curriculum.explain" in learner_helpers() and "curriculum.checks" in learner_helpers()


@pytest.mark.parametrize("answer, line, means, step", [
    ('answer = "Hello, world!', 'Line 1:    answer = "Hello, world!',
     "Some text has a quote mark at the start but not at the end.", "Put a quote mark at the end of the text."),
    ("answer = (3 + 4", "Line 1:    answer = (3 + 4", "A ( is opened, but it is never closed.",
     "Find the ( and close it at the right place."),
    ("answer = [1, 2)", "Line 1:    answer = [1, 2)", "A [ is closed with ).", "Use ( with ), [ with ] and {"),
    ("def answer(hours)\n    return hours * 11", "Line 1:    def answer(hours)",
     "A line that starts with if, else, for, while or def must end with a colon.",
     "Put a : at the end of the line."),
    ("def answer(hours):\nreturn hours * 11", "Line 2:    return hours * 11",
     "The lines after a line that ends with : must start with spaces.",
     "Put 4 spaces at the start"),
    ("hours = 5\n    answer = 7", "Line 2:    answer = 7", "This line starts with spaces that it should not have.",
     "Take out the spaces"),
    ("answer = Hello", "Line 1:    answer = Hello", "Python does not know the name `Hello`.",
     "Check the spelling and the capital letters. If `Hello` is words, put quote marks around it."),
    ('hours = 38\nanswer = "Pay: " + hours', 'Line 2:    answer = "Pay: " + hours',
     "You used + to join text and a number.", "+ can join text to text"),
    ('answer = int("7.5")', 'Line 1:    answer = int("7.5")', "int() was given text that is not a whole number.",
     "Check the text you gave to int()."),
    ('import pandas as pd\nanswer = pd.to_numeric(pd.Series(["7", "-"]))',
     'Line 2:    answer = pd.to_numeric(pd.Series(["7", "-"]))',
     "pd.to_numeric was given text that is not a number: '-'.",
     'Take out any commas first. To turn other text into blanks, add errors="coerce".'),
    ("answer = 30 / 0", "Line 1:    answer = 30 / 0", "The code divided by 0. No number can be divided by 0.",
     "Check the number after the / sign."),
    ("shifts = [4, 6, 8]\nanswer = shifts[3]", "Line 2:    answer = shifts[3]",
     "The code asked for a place that is not there. Places start at 0, so 3 items have places 0, 1 and 2.",
     "Check the number in the square brackets."),
    ('menu = {"tea": 60}\nanswer = menu["Tea"]', 'Line 2:    answer = menu["Tea"]',
     "Python looked for 'Tea', but there is no key or column with that name.", "Check the spelling"),
    ('answer = "hi".uper()', 'Line 1:    answer = "hi".uper()', "Text has nothing called `uper`.",
     "Check the spelling of the word after the dot."),
    ('answer = open("data/no-such-file.txt").read()', 'Line 1:    answer = open("data/no-such-file.txt").read()',
     "Python cannot find the file 'data/no-such-file.txt'.", "Check the file name and its folder."),
])
def test_a_check_explains_the_error_that_stopped_the_answer_cell(shell, answer, line, means, step) -> None:
    said = run(shell, answer, IMPORTS + 'check_value("answer", 7, hint="Add 3 and 4.")')
    assert said.startswith("Not quite right yet.\nYour cell that makes `answer` stopped with an error.\n")
    assert line in said
    assert f"It means:  {means}" in said
    assert f"Hint: {step}" in said
    assert "Then run that cell again, and then this check." in said
    assert "Add 3 and 4." not in said  # the error comes first: nothing about the value yet
    assert "Traceback" not in said


def test_the_kind_of_error_and_what_python_said_are_named(shell) -> None:
    said = run(shell, "message = Hello", IMPORTS + 'check_value("message", "Hello, world!")')
    assert "The error: NameError: name 'Hello' is not defined" in said


def test_a_crash_is_explained_even_when_an_older_value_is_still_there(shell) -> None:
    said = run(shell, "total = 7", "total = 3 +", IMPORTS + 'check_value("total", 7)')
    assert "Your cell that makes `total` stopped with an error." in said
    assert "✓" not in said


def test_a_fixed_cell_is_checked_as_usual(shell) -> None:
    said = run(shell, "message = Hello", IMPORTS + 'check_value("message", "Hello")', 'message = "Hello"',
               'check_value("message", "Hello")')
    assert said == "✓ `message` is 'Hello'\n"


def test_a_cell_run_after_the_checks_were_imported_is_remembered(shell) -> None:
    said = run(shell, IMPORTS, "pay = 38 * rate", "print('something else')", 'check_value("pay", 418)')
    assert "Your cell that makes `pay` stopped with an error." in said
    assert "Python does not know the name `rate`." in said


def test_the_code_of_a_test_cell_is_never_kept_or_shown(shell) -> None:
    said = run(shell, "shown = 1", IMPORTS + 'check_value("shown", 1)\nsecret_answer = 42 / 0',
               'check_value("secret_answer", 42)')
    assert "42 / 0" not in said and "ZeroDivisionError" not in said
    assert "We can't find a variable called `secret_answer`." in said


def test_an_error_in_a_worked_example_is_not_blamed_on_the_answer(shell) -> None:
    said = run(shell, "example = 1 / 0", IMPORTS + 'check_value("answer", 1)')
    assert "stopped with an error" not in said
    assert "We can't find a variable called `answer`." in said


@pytest.mark.parametrize("made, wanted", [("hour", "hours"), ("Total", "total"), ("mesage", "message"),
                                          ("shifts", "shift")])
def test_a_near_name_the_learner_made_is_named(shell, made, wanted) -> None:
    said = run(shell, f"{made} = 38", IMPORTS + f'check_value("{wanted}", 38)')
    assert f"You made `{made}`. We are looking for `{wanted}`." in said


def test_only_names_the_learner_made_are_offered(shell) -> None:
    said = run(shell, "import math", IMPORTS + 'check_value("maths", 3)', 'check_value("lens", 3)')
    assert "You made" not in said
    assert "We can't find a variable called `lens`." in said
    assert "You made" not in run(shell, 'check_value("maths", 3)')


def test_a_crash_in_a_cell_that_made_a_near_name_is_explained(shell) -> None:
    said = run(shell, "Message = Hello", IMPORTS + 'check_value("message", "Hello")')
    assert "Your cell that makes `message` stopped with an error." in said
    assert "Python does not know the name `Hello`." in said


def test_a_name_error_inside_a_function_suggests_a_close_name(shell) -> None:
    said = run(shell, "def check_hours(hours):\n    if hours < 0:\n        raise ValueErorr('below 0')\n"
                      "    return hours",
               IMPORTS + 'check_raises("check_hours", [-2], ValueError, says="below 0",\n'
                         '             mistakes={Exception: "It looks like you raised Exception."})')
    assert "It looks like you raised Exception." not in said  # a NameError is not an Exception key
    assert "It gave:   it stopped with NameError: name 'ValueErorr' is not defined" in said
    assert "Hint: Python does not know the name `ValueErorr`. Did you mean `ValueError`?" in said


def test_a_mistake_keyed_by_a_kind_of_error_matches_that_kind_exactly(shell) -> None:
    mistakes = '{Exception: "It looks like you raised Exception.", LookupError: "A lookup."}'
    said = run(shell, "def check_hours(hours):\n    raise Exception('Hours below 0')",
               IMPORTS + f'check_raises("check_hours", [-2], ValueError, mistakes={mistakes})')
    assert "Hint: It looks like you raised Exception." in said
    said = run(shell, "def check_hours(hours):\n    return {}['hours']",
               f'check_raises("check_hours", [-2], ValueError, mistakes={mistakes})')
    assert "A lookup." not in said and "KeyError" in said


def test_forgot_return_is_only_guessed_when_there_is_no_return(shell) -> None:
    said = run(shell, "def weekly_pay(hours):\n    hours * 11", IMPORTS + 'check_call("weekly_pay", [2], 22)')
    assert "Did you forget to write `return`?" in said
    said = run(shell, "def weekly_pay(hours):\n    if hours > 5:\n        return hours * 11",
               'check_call("weekly_pay", [2], 22, hint="Pay every hour at 11.")')
    assert "Did you forget" not in said
    assert "Hint: Pay every hour at 11." in said


def test_text_for_a_number_is_named_without_an_idea_not_yet_taught(shell) -> None:
    said = run(shell, 'hours = "38"', IMPORTS + 'check_value("hours", 38)')
    assert "Remove the quote marks." in said
    assert "int(" not in said and "str(" not in said


def test_an_error_in_the_learners_function_shows_its_line_and_what_it_means(shell) -> None:
    said = run(shell, "def weekly_pay(hours):\n    return hours * rate", IMPORTS + 'check_call("weekly_pay", [2], 22)')
    assert "It stopped at this line:  return hours * rate" in said
    assert "It means:  Python does not know the name `rate`." in said


def test_hints_come_in_stages_one_more_for_each_failure(shell) -> None:
    check = 'check_value("savings", 35, hint=("savings did not change.", "Use savings on both sides of =.", ' \
            '"Write: savings = savings + 15"))'
    first = run(shell, "savings = 20", IMPORTS + check)
    assert "Hint: savings did not change." in first and "Hint 2" not in first
    assert "run this check again for the next hint" in first
    second = run(shell, check)
    assert "Hint: savings did not change.\nHint 2: Use savings on both sides of =.\n" in second
    assert "Write:" not in second
    third = run(shell, check)
    assert "Hint 3: Write: savings = savings + 15" in third and "next hint" not in third
    assert run(shell, check) == third  # the last stage stays


def test_a_mistake_message_comes_in_stages_too(shell) -> None:
    check = 'check_value("change", 7, mistakes={-7: ("You took 10 away from 3.", "Start with the bigger number.")})'
    assert "Hint 2" not in run(shell, "change = 3 - 10", IMPORTS + check)
    assert "Hint 2: Start with the bigger number." in run(shell, check)


def test_a_blank_answer_prints_one_calm_line_and_still_fails(shell) -> None:
    blank = stub()
    assert run(shell, blank) == "Not written yet: write your answer in place of this line.\n"
    said = run(shell, IMPORTS + 'check_value("message", "Hello")')
    assert "You have not written this part yet." in said
    function = f'def weekly_pay(hours):\n    """Pay."""\n    {blank}'
    assert run(shell, function) == ""
    said = run(shell, 'check_call("weekly_pay", [2], 22)')
    assert "You have not written this part yet." in said
    said = run(shell, 'check_call("weekly_pay", [2], None)')
    assert "You have not written this part yet." in said
    said = run(shell, 'check_raises("weekly_pay", [-2], ValueError)')
    assert "You have not written this part yet." in said


def test_a_blank_answer_under_given_lines_is_still_not_written_yet(shell) -> None:
    blank = f'name = "Dee"\npay = 250\n\n{stub()}\n'
    assert run(shell, blank) == "Not written yet: write your answer in place of this line.\n"
    said = run(shell, IMPORTS + 'check_value("pay_text", "Dee earns £250")')
    assert "You have not written this part yet." in said and "can't find" not in said
    said = run(shell, 'name = "Dee"', 'check_value("pay_text", "Dee earns £250")')
    assert "We can't find a variable called `pay_text`." in said


def test_a_prediction_is_compared_with_what_the_code_prints(shell) -> None:
    code = 'code = "x = 3\\nprint(x * 2)\\nprint(\\"Done\\")"\n'
    assert run(shell, 'prediction = ["6", "  Done "]', IMPORTS + code + 'check_prediction("prediction", code)') \
        == "✓ `prediction` is what the code prints\n"
    said = run(shell, 'prediction = "6\\ndone"', 'check_prediction("prediction", code)')
    assert "Look at line 2. Check the capital letters." in said
    said = run(shell, 'prediction = "6"', 'check_prediction("prediction", code)')
    assert "The code prints 2 lines. Your answer has 1 line." in said
    said = run(shell, 'guess = "x * 2"', 'check_prediction("guess", "print(3 * 2)")')
    assert "We wanted: what the code really prints" in said and "6" not in said.split("We wanted")[1]
    assert "Hint: Read the code again" in said
    assert "✓" in run(shell, "guess = 6", 'check_prediction("guess", "print(3 * 2)")')


def test_lines_in_order_name_the_line_out_of_place(shell) -> None:
    lines = '["print(total)", "total = 0", "for n in [1, 2]:", "    total = total + n"]'
    check = f'check_order("order", {lines}, [2, 3, 4, 1], hint="Make a name before you use it.")'
    assert run(shell, "order = [2, 3, 4, 1]", IMPORTS + check) == \
        "✓ the lines are in an order that works: 2, 3, 4, 1\n"
    said = run(shell, "order = [1, 2, 3, 4]", check)
    assert "Hint: The line `print(total)` is in the wrong place. It needs to come later." in said
    assert "Hint 2" not in said and "next hint" in said
    said = run(shell, "order = [2, 3, 3, 1]", check)
    assert "Line 3 is there twice. Use each line once." in said
    assert "✓" in run(shell, 'order = "2 3 4 1"', check)
    said = run(shell, "order = [2, 4, 3, 1]",
               f'check_order("order", {lines}, [2, 3, 4, 1], mistakes={{(2, 4, 3, 1): "The for line comes first."}})')
    assert "Hint: The for line comes first." in said


def test_html_without_quote_marks_is_explained(shell) -> None:
    said = run(shell, "heading = <h1>My CV</h1>",
               "from curriculum.htmlcheck import check_tag\ncheck_tag('heading', 'h1', text='My CV')")
    assert "Your cell that makes `heading` stopped with an error." in said
    assert "HTML is text, so it needs quote marks around it." in said


def test_html_checks_name_a_near_name_and_give_hints_in_stages(shell) -> None:
    assert "You made `Heading`. We are looking for `heading`." in run(
        shell, 'Heading = "<h1>My CV</h1>"', "from curriculum.htmlcheck import check_tag\ncheck_tag('heading', 'h1')")
    check = "check_tag('page', 'p', text='Hello', hint=('Use a p tag.', 'Write <p> before the words.'))"
    first = run(shell, 'page = "<h1>Hello</h1>"', "from curriculum.htmlcheck import check_tag\n" + check)
    assert "Hint 2" not in first
    assert "Hint 2: Write <p> before the words." in run(shell, check)


@pytest.mark.slow
def test_a_real_kernel_explains_the_crash_and_shows_the_blank_calmly(tmp_path) -> None:
    cells = [stub(), 'from curriculum.checks import check_value\ncheck_value("message", "Hello, world!")',
             'message = "Hello, world!', 'check_value("message", "Hello, world!")',
             'message = "Hello, world!"', 'check_value("message", "Hello, world!")']
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(notebook, kernel_name="python3", allow_errors=True, timeout=60,
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    blank, unwritten, _, crashed, _, passed = notebook.cells
    assert [o.output_type for o in blank.outputs] == ["stream"]
    assert blank.outputs[0].text == "Not written yet: write your answer in place of this line.\n"
    assert "You have not written this part yet." in "\n".join(unwritten.outputs[0].traceback)
    said = "\n".join(crashed.outputs[0].traceback)
    assert "Your cell that makes `message` stopped with an error." in said
    assert 'Line 1:    message = "Hello, world!' in said
    assert "Some text has a quote mark at the start but not at the end." in said
    assert passed.outputs[0].text == "✓ `message` is 'Hello, world!'\n"
