"""Reading the check calls of a test cell, and their hints and messages, without running them."""

from __future__ import annotations

import pytest

from curriculum.author.testcells import Message, checks, helpers, marked_lines, visible_source
from curriculum.core import notebook as nb

MARKERS = nb.Markers("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def messages(source: str) -> list[Message]:
    return [message for check in checks(source) for message in check.messages]


def test_the_visible_part_keeps_its_line_numbers_and_drops_hidden_tests() -> None:
    source = 'check_value("x", 1, hint="A.")\n### BEGIN HIDDEN TESTS\ncheck_value("x", 1)\n### END HIDDEN TESTS\nz = 2'
    assert visible_source(source, MARKERS).splitlines() == ['check_value("x", 1, hint="A.")', "", "", "", "z = 2"]
    assert [secret for _, secret in marked_lines(source, MARKERS)] == [False, None, True, None, False]


def test_a_call_without_hint_or_mistakes_is_found_with_its_line() -> None:
    found = checks('from curriculum.checks import check_call\n\ncheck_call("f", [1], 2, hint="Add 1.")\n'
                   'check_call("f", [0], 1)\nchecks.check_value("x", 3)\nprint("check_call")')
    assert [(c.line, c.lacks_hint) for c in found] == [(3, False), (4, True), (5, True)]
    assert found[1].call == 'check_call("f", [0], 1)'


def test_helpers_that_take_no_hint_are_not_asked_for_one() -> None:
    assert "hint" in helpers()["check_call"].names and "mistakes" in helpers()["check_closed"].names
    assert not checks('check_function("double")')[0].lacks_hint
    assert checks('check_my_own(1)')[0].lacks_hint, "a check the helpers do not know must give a hint"


def test_hint_none_gives_no_hint_and_check_takes_its_hint_by_position() -> None:
    assert checks('check_value("x", 1, hint=None)')[0].lacks_hint
    found = checks('check(a == b, "reading it", "a", "b", "Use b.")')[0]
    assert not found.lacks_hint and found.messages == (Message("hint", ("Use b.",)),)


def test_a_staged_hint_keeps_its_stages_in_order() -> None:
    assert messages('check_call("f", [1], 2, hint=("It gave 1.", "Add one.", "return n + 1"))') == [
        Message("hint", ("It gave 1.", "Add one.", "return n + 1"))]


@pytest.mark.parametrize("table", [
    '{1: "One.", KeyError: ("Two.", "Three.")}',
    '[({"a": 1}, "One."), (KeyError, ("Two.", "Three."))]',
    'known',
])
def test_mistakes_tables_give_each_message_literal_or_named(table: str) -> None:
    source = f'known = {{1: "One.", KeyError: ("Two.", "Three.")}}\ncheck_value("x", 2, mistakes={table})'
    assert messages(source) == [Message("mistake", ("One.",)), Message("mistake", ("Two.", "Three."))]


def test_texts_that_are_not_literals_give_what_can_be_read_and_never_crash() -> None:
    source = ('hint = "Use self."\nothers = ["a", "b"]\n'
              'check_result("t", f, 1, hint=hint + " Then add.", mistakes={0: f"Pick {name}.", '
              '**{n: f"Not {n}." for n in others}, 2: make_message()})\n'
              'check(ok, "t", "g", "w", known.get(text, "Open it."))\n'
              'check_value("x", 1, hint=unknown_name)')
    assert [m.stages for m in messages(source)] == [
        ("Use self. Then add.",), ("Pick name.",), ("Not n.",), ("Open it.",)]
    assert not checks(source)[-1].lacks_hint


def test_a_long_call_is_shortened_for_the_message() -> None:
    found = checks(f'check_value("x", {"1" * 100})')[0]
    assert len(found.call) == 60 and found.call.endswith("…")


def test_a_cell_that_is_not_python_raises_syntax_error() -> None:
    with pytest.raises(SyntaxError):
        checks("check_value(")
