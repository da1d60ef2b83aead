"""The learner check helpers: existence, then type, then value, with kind and specific messages."""

from __future__ import annotations

import pytest

from curriculum.checks import (
    NotQuiteRight,
    check,
    check_call,
    check_column,
    check_function,
    check_printed,
    check_raises,
    check_result,
    check_table,
    check_tests,
    check_value,
    check_variable,
    describe,
    kind_of,
)


def area(width, height):
    return width * height


def area_added(width, height):
    return width + height


def area_printed(width, height):
    print(width * height)


def area_text(width, height):
    return str(width * height)


def area_unwritten(width, height):
    raise NotImplementedError("Not written yet")


def area_crashes(width, height):
    return width * heigth  # noqa: F821 (the learner's typo)


def message(error: pytest.ExceptionInfo[NotQuiteRight]) -> str:
    return "\n".join(error.value._render_traceback_())


def test_a_right_answer_passes_and_says_so(capsys):
    assert check_call("area", (3, 4), 12) is None  # a number would count as nbgrader partial credit
    out = capsys.readouterr()
    assert out.out == "✓ area(3, 4) gave 12\n"
    assert out.err == ""


def test_a_missing_function_is_explained_in_plain_words():
    with pytest.raises(NotQuiteRight) as error:
        check_call("volume", (1, 2), 2)
    text = message(error)
    assert "We can't find a function called `volume`." in text
    assert "Check the spelling" in text and "ran its cell" in text
    assert "Traceback" not in text


def test_a_wrong_value_reports_the_call_the_result_and_the_expectation():
    with pytest.raises(NotQuiteRight) as error:
        check_call("area_added", (3, 4), 12, hint="Multiply the width by the height.",
                   mistakes={7: "It looks like you added the width and the height."})
    text = message(error)
    assert "We tried:  area_added(3, 4)" in text
    assert "It gave:   7" in text
    assert "We wanted: 12" in text
    assert "It looks like you added the width and the height." in text


def test_the_hint_is_given_when_no_known_mistake_fits():
    with pytest.raises(NotQuiteRight) as error:
        check_call("area_added", (5, 5), 25, hint="Multiply the width by the height.")
    assert "Hint: Multiply the width by the height." in message(error)


def test_print_instead_of_return_is_named(capsys):
    with pytest.raises(NotQuiteRight) as error:
        check_call("area_printed", (3, 4), 12)
    assert "used `print`" in message(error) and "`return`" in message(error)
    assert capsys.readouterr().err == ""


def test_text_instead_of_a_number_is_named():
    with pytest.raises(NotQuiteRight) as error:
        check_call("area_text", (3, 4), 12)
    text = message(error)
    assert "'12', which is text (a string)" in text
    assert "12, which is a whole number (an int)" in text
    assert "gave back text, not a number" in text


def test_an_unwritten_answer_gets_a_kind_message():
    with pytest.raises(NotQuiteRight) as error:
        check_call("area_unwritten", (3, 4), 12)
    assert "You have not written this part yet." in message(error)


def test_an_error_in_the_learners_code_is_reported_not_raised():
    with pytest.raises(NotQuiteRight) as error:
        check_call("area_crashes", (3, 4), 12)
    assert "It stopped with an error: NameError" in message(error)


def test_off_by_one_is_named():
    global total
    total = 11
    with pytest.raises(NotQuiteRight) as error:
        check_value("total", 10)
    assert "You are 1 away" in message(error)


def test_floats_compare_with_a_tolerance_and_ints_count_as_floats(capsys):
    global price, count
    price = 0.1 + 0.2
    count = 3
    check_value("price", 0.3)
    check_value("count", 3.0)
    price = 1.0
    check_value("price", 1)
    assert capsys.readouterr().out.count("✓") == 3


def test_a_boolean_is_not_a_number():
    global flag
    flag = True
    with pytest.raises(NotQuiteRight) as error:
        check_value("flag", 1)
    assert "True or False (a boolean)" in message(error)


def test_check_variable_checks_existence_then_kind():
    global name
    name = 5
    with pytest.raises(NotQuiteRight) as error:
        check_variable("name", str)
    assert "which is a whole number" in message(error) and "text (a string)" in message(error)
    with pytest.raises(NotQuiteRight) as missing:
        check_variable("nobody")
    assert "We can't find a variable called `nobody`." in message(missing)


def test_check_function_refuses_a_value_that_is_not_a_function():
    global greet
    greet = "hello"
    with pytest.raises(NotQuiteRight) as error:
        check_function("greet")
    assert "def greet(...):" in message(error)


def shout(word):
    print(word.upper())


def shout_returned(word):
    return word.upper()


def test_check_printed_compares_printed_text(capsys):
    check_printed("shout", ("hi",), "HI")
    assert "✓ shout('hi') printed 'HI'" in capsys.readouterr().out
    with pytest.raises(NotQuiteRight) as error:
        check_printed("shout_returned", ("hi",), "HI")
    assert "This task asks you to `print`." in message(error)


def test_a_list_result_can_match_a_known_mistake():
    global items
    items = [1, 2]
    with pytest.raises(NotQuiteRight) as error:
        check_value("items", [1, 2, 3], mistakes={(1, 2): "never"})
    assert "We wanted: [1, 2, 3]" in message(error)


def test_check_reports_a_custom_condition():
    with pytest.raises(NotQuiteRight) as error:
        check(False, "counting <h1> tags", "0", "1", "Add a heading.")
    assert "Hint: Add a heading." in message(error)


def test_kinds_are_named_in_plain_words():
    assert kind_of("a") == "text (a string)"
    assert kind_of(None) == "nothing (None)"
    assert kind_of(area) == "a function"
    assert kind_of(Shift) == "a class (a plan for making objects)"


def test_numbers_from_pandas_count_as_plain_numbers(capsys):
    import pandas as pd

    global gentoos, heaviest
    table = pd.DataFrame({"species": ["Gentoo", "Gentoo", "Adelie"], "mass": [5000, 6300, 3700]})
    gentoos = table["species"].value_counts()["Gentoo"]
    heaviest = table["mass"].max()
    check_value("gentoos", 2)
    check_value("heaviest", 6300.0)
    assert capsys.readouterr().out == "✓ `gentoos` is 2\n✓ `heaviest` is 6300\n"
    with pytest.raises(NotQuiteRight) as error:
        check_value("heaviest", 3700)
    assert "It gave:   6300\nWe wanted: 3700" in message(error)
    assert kind_of(table) == "a table (a pandas DataFrame)"
    assert kind_of(table["mass"]) == "a column of a table (a pandas Series)"


def test_tables_and_columns_are_checked_by_kind_size_and_name(capsys):
    import pandas as pd

    global penguins, dream, mass
    penguins = pd.DataFrame({"island": ["Dream", "Biscoe", "Dream"], "mass": [3700, 5000, 3900]})
    dream = penguins[penguins["island"] == "dream"]
    mass = penguins[["mass"]]
    check_table("penguins", rows=3, columns=["island", "mass"])
    assert capsys.readouterr().out == "✓ `penguins` is a table with 3 rows and 2 columns\n"
    with pytest.raises(NotQuiteRight) as error:
        check_table("dream", rows=2, mistakes={0: "Dream starts with a capital D."})
    assert "It gave:   a table with 0 rows\nWe wanted: a table with 2 rows\nHint: Dream starts with a capital D." in (
        message(error))
    with pytest.raises(NotQuiteRight) as error:
        check_column("mass", "mass", mistakes={pd.DataFrame: "Use one pair of square brackets."})
    assert "a table with 3 rows and 1 column, which is a table (a pandas DataFrame)" in message(error)
    assert "Hint: Use one pair of square brackets." in message(error)
    mass = penguins["island"]
    with pytest.raises(NotQuiteRight) as error:
        check_column("mass", "mass", mistakes={"island": "You picked the island column."})
    assert "It gave:   the column 'island' with 3 values\nWe wanted: the column 'mass'" in message(error)
    mass = penguins["mass"]
    check_column("mass", "mass", rows=3)
    assert capsys.readouterr().out == "✓ `mass` is the column 'mass' with 3 values\n"


def fare(amount):
    if amount < 0:
        raise ValueError("The amount can't be below 0.")
    return amount


def fare_printed(amount):
    if amount < 0:
        print("The amount can't be below 0.")
    return amount


def fare_wrong_error(amount):
    return amount + "p" if amount < 0 else amount


def test_check_raises_passes_on_the_right_error_and_words(capsys):
    check_raises("fare", [-1], ValueError, says="below 0")
    assert "✓ fare(-1) stopped with ValueError" in capsys.readouterr().out


def test_check_raises_names_print_instead_of_raise_and_a_wrong_error():
    with pytest.raises(NotQuiteRight, match="Use `raise`"):
        check_raises("fare_printed", [-1], ValueError)
    with pytest.raises(NotQuiteRight, match="stopped with TypeError") as caught:
        check_raises("fare_wrong_error", [-1], ValueError, mistakes={TypeError: "A TypeError: check the kinds."})
    assert "Hint: A TypeError: check the kinds." in str(caught.value)
    with pytest.raises(NotQuiteRight, match="saying 'too low'"):
        check_raises("fare", [-1], ValueError, says="too low")


def add_up(amounts):
    return sum(amounts)


# Written as a notebook would have them: pytest rewrites the asserts of this file, not of exec'd code.
exec(compile("""
def learner_test_good():
    assert add_up([1, 2]) == 3
    assert add_up([]) == 0

def learner_test_weak():
    assert add_up([1, 2]) == 3
""", "notebook-cell", "exec"))


def test_check_tests_runs_the_learners_test_on_right_and_buggy_versions(capsys):
    bugs = {"forgets the first amount": lambda amounts: sum(amounts[1:]),
            "breaks on an empty list": lambda amounts: amounts[0] + sum(amounts[1:])}
    check_tests("learner_test_good", "add_up", add_up, bugs)
    out = capsys.readouterr().out
    assert "✓ learner_test_good() catches a version of `add_up` that breaks on an empty list" in out
    assert globals()["add_up"] is add_up
    with pytest.raises(NotQuiteRight, match="catch a version of `add_up` that breaks on an empty list"):
        check_tests("learner_test_weak", "add_up", add_up, bugs)
    with pytest.raises(NotQuiteRight, match="A test of good code must pass"):
        check_tests("learner_test_good", "add_up", lambda amounts: 0, {})
    assert globals()["add_up"] is add_up


def hours_from(text):
    return int(text)


def first_two(items):
    return items[1:3]


def save_nothing(items):
    items.clear()


def test_a_known_error_and_a_list_result_get_their_own_messages(capsys):
    with pytest.raises(NotQuiteRight, match="Hint: It looks like you used int") as caught:
        check_call("hours_from", ["7.5"], 7.5, mistakes={ValueError: "It looks like you used int()."})
    assert "It stopped with an error: ValueError" in str(caught.value)
    with pytest.raises(NotQuiteRight, match="Hint: Use float"):
        check_call("hours_from", ["7.5"], 7.5, hint="Use float.")
    with pytest.raises(NotQuiteRight, match="started at 1"):
        check_call("first_two", [["a", "b", "c"]], ["a", "b"], mistakes={("b", "c"): "It looks like you started at 1."})
    check_call("save_nothing", [[1]], None)
    assert capsys.readouterr().out == "✓ save_nothing([1]) ran to the end\n"


def test_wrong_dictionaries_are_named_through_pairs():
    global menu
    menu = {"toast": 90}
    with pytest.raises(NotQuiteRight, match="took away the wrong item"):
        check_value("menu", {"tea": 60, "toast": 90},
                    mistakes=[({"toast": 90}, "It looks like you took away the wrong item."), (str, "Text?")])


def badge(name, shout=False):
    print(name.upper() if shout else name)


def test_check_printed_takes_named_arguments_and_names_a_known_error(capsys):
    check_printed("badge", ["Ana"], "ANA", kwargs={"shout": True})
    assert capsys.readouterr().out == "✓ badge('Ana', shout=True) printed 'ANA'\n"
    with pytest.raises(NotQuiteRight, match="Hint: Give a name as text."):
        check_printed("badge", [7], "7", kwargs={"shout": True}, mistakes={AttributeError: "Give a name as text."})


class Shift:
    def __init__(self, day, hours):
        self.day = day
        self.hours = hours

    def pay(self):
        return self.hours * self.rate

    def __str__(self):
        return self.day + ": " + self.hours


class Loud:
    def __str__(self):
        print("Loud")


def test_check_result_explains_common_errors_of_objects(capsys):
    check_result('making Shift("Sat", 6) and looking at .hours', lambda: Shift("Sat", 6).hours, 6)
    assert capsys.readouterr().out == '✓ making Shift("Sat", 6) and looking at .hours gave 6\n'
    with pytest.raises(NotQuiteRight, match=r"(?s)A Shift object has nothing called `rate`.*self\.rate = \.\.\."):
        check_result("calling .pay()", lambda: Shift("Sat", 6).pay(), 60)
    with pytest.raises(NotQuiteRight, match="joined text and a number"):
        check_result("using str()", lambda: str(Shift("Sat", 6)), "Sat: 6")
    with pytest.raises(NotQuiteRight, match="prints the text. Give the text back with `return`"):
        check_result("using str()", lambda: str(Loud()), "Loud")
    with pytest.raises(NotQuiteRight, match="Hint: Use a list.") as caught:
        check_result("using .add", lambda: [].add(1), None, hint="Use a list.")
    assert "no attribute 'add'" in str(caught.value)


def test_an_object_is_described_by_its_class_and_its_own_text():
    assert describe(Shift("Sat", 6)) == "a Shift object"
    assert describe(Label("Hi")) == "a Label object that shows as 'Hi'"


class Label:
    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text


def learner_test_without_assert():
    add_up([1, 2])


def test_check_tests_wants_at_least_one_assert():
    with pytest.raises(NotQuiteRight, match="a test with no assert in it"):
        check_tests("learner_test_without_assert", "add_up", add_up, {"crashes": lambda amounts: amounts[5]})


def unwritten(*args):
    raise NotImplementedError("Not written yet")


def test_unwritten_code_is_named_once_by_every_check():
    for run in (lambda: check_raises("unwritten", [1], ValueError),
                lambda: check_tests("unwritten", "add_up", add_up, {}),
                lambda: check_result("calling unwritten()", unwritten, 1)):
        with pytest.raises(NotQuiteRight, match="You have not written this part yet"):
            run()
