"""The HTML check helpers: a small tree, tags not closed, and kind, specific messages."""

from __future__ import annotations

import pytest

from curriculum.checks import NotQuiteRight
from curriculum.htmlcheck import FRAME_HEIGHT, check_closed, check_tag, frame, parse, show


def message(error: pytest.ExceptionInfo[NotQuiteRight]) -> str:
    return "\n".join(error.value._render_traceback_())


def fails(tag: str, html: object, **options: object) -> str:
    """The message check_tag gives for ``html`` kept in a variable called ``page``."""
    with pytest.raises(NotQuiteRight) as error:
        check_tag("page", tag, namespace={"page": html}, **options)
    return message(error)


# --- parse -----------------------------------------------------------------------------------------

def test_parse_builds_a_tree_of_tags_attributes_and_words():
    page = parse('<ul>\n  <li>Cook</li>\n  <li>Cleaner <strong>now</strong></li>\n</ul><a href="#top">Top</a>')
    assert [e.tag for e in page.iter()] == ["ul", "li", "li", "strong", "a"]
    ul = page.find_all("ul")[0]
    assert [li.text for li in ul.children] == ["Cook", "Cleaner now"]
    strong = page.find_all("strong")[0]
    assert [a.tag for a in strong.ancestors()] == ["li", "ul"]
    assert page.find_all("a")[0].attrs == {"href": "#top"}
    assert page.problems == []


def test_void_tags_hold_nothing_and_need_no_closing_tag():
    page = parse('<p>Me<br>again</p><img src="photo.png" alt="Me"><hr>')
    assert page.problems == []
    assert page.find_all("br")[0].content == []
    assert page.find_all("p")[0].text == "Me again"
    assert page.find_all("img")[0].opening() == '<img src="photo.png" alt="Me">'


def test_text_joins_words_and_makes_spaces_single():
    assert parse("<p>  I am\n   <strong>kind</strong>.  </p>").find_all("p")[0].text == "I am kind."
    assert parse("<ul><li>Cook</li><li>Cleaner</li></ul>").text == "Cook Cleaner"


def test_tag_names_are_read_in_small_letters():
    page = parse("<H1>My CV</H1>")
    assert page.find_all("h1")[0].text == "My CV"
    assert page.problems == []


def test_a_tag_never_closed_is_noted_with_its_words():
    assert parse("<ul><li>Cook</ul>").problems == [
        "Your <li> with the words 'Cook' is opened but never closed. Add </li> at its end."]


def test_a_missing_slash_is_named_once_not_once_per_tag():
    assert parse("<h1>My CV<h1>").problems == ["It looks like you forgot the / in the closing tag </h1>."]
    listing = parse("<ul>\n<li>Cook<li>\n<li>Cleaner<li>\n</ul>")
    assert listing.problems == ["It looks like you forgot the / in the closing tag </li>."]


def test_a_slash_at_the_end_of_the_tag_is_named():
    assert parse("<h1>My CV<h1/>").problems == [
        "It looks like you put the / at the end: <h1/>. The / goes straight after the <, like this: </h1>."]


def test_tags_closed_in_the_wrong_order_are_named():
    assert parse("<p>I am <strong>kind</p></strong>").problems == [
        "You closed </p> before </strong>. Close the inner tag first, like this: "
        "<p> <strong> ... </strong> </p>."]


def test_a_closing_tag_with_another_name_is_named():
    problems = parse("<h1>My CV</h2>").problems
    assert problems == ["You opened <h1> but closed it with </h2>. The names must match: <h1> ... </h1>."]
    assert "Is the tag name spelt wrong?" in parse("<hl>My CV</h1>").problems[0]


def test_a_closing_tag_with_no_opening_tag_is_named():
    assert parse("h1>My CV</h1>").problems[0] == (
        "We found </h1> but no <h1> before it. Did you forget the < at the start of <h1>?")


def test_a_missing_angle_bracket_is_named():
    assert parse("<h1>My CV</h1").problems[0] == "The tag </h1 is missing its > at the end."
    assert parse("<h1 My CV</h1>").problems[0] == "The opening tag <h1 seems to be missing its > at the end."
    assert "not part of a tag" in parse("<p>My CV</p>>").problems[0]


def test_text_cut_short_by_a_double_quote_mark_is_named():
    # contact = "<a href="#contact">Me</a>" keeps only '<a href=': the # starts a Python comment
    assert parse("<a href=").problems[0].startswith(
        "Your text stops at the = sign. If your HTML has \" marks in it, put ' marks around the whole text")


def test_an_unknown_tag_left_open_is_probably_spelt_wrong():
    assert parse('<image src="photo.png" alt="Me">').problems == [
        "We do not know the tag <image>. Is the tag name spelt wrong? Did you mean <img>?"]


def test_very_deep_tags_do_not_break_the_parser():
    page = parse("<b>" * 5000 + "x")
    assert len(page.find_all("b")) == 5000
    assert page.problems == ["Your <b> with the words 'x' is opened but never closed. Add </b> at its end."]


# --- show ------------------------------------------------------------------------------------------

def test_show_draws_html_in_a_sandboxed_frame_and_returns_nothing(monkeypatch, recwarn):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda item: shown.append(item))
    assert show('<h1 class="big">Hi & bye</h1>', "h1 { color: navy; }") is None
    assert len(shown) == 1
    drawn = shown[0].data
    assert drawn.startswith('<div><iframe sandbox="allow-same-origin" srcdoc="') and drawn.endswith("></iframe></div>")
    assert "&lt;h1 class=&quot;big&quot;&gt;Hi &amp; bye&lt;/h1&gt;" in drawn
    assert "&lt;style&gt;\nh1 { color: navy; }\n&lt;/style&gt;" in drawn
    assert "<h1" not in drawn and "scrollHeight" in drawn
    assert not recwarn.list


def test_a_frame_runs_scripts_only_when_asked_and_keeps_them_from_the_notebook():
    drawn = frame("<p>Hi</p><script>alert(1)</script>", scripts=True, width=320)
    assert drawn.startswith('<iframe sandbox="allow-scripts" ')
    assert "allow-same-origin" not in drawn and "onload" not in drawn
    assert "width: 320px" in drawn


def test_a_frame_is_as_tall_as_its_page_up_to_a_limit():
    short, tall = frame("<p>Hi</p>"), frame("<li>Job</li>" * 100)
    assert "height: 100px" in short and f"height: {FRAME_HEIGHT}px" in tall
    assert "width: 100%" in short


def test_show_explains_a_value_that_is_not_text():
    with pytest.raises(NotQuiteRight) as error:
        show(42)
    assert message(error) == ("Not quite right yet.\n`show` needs text (a string) with HTML in it. "
                              "It got 42, which is a whole number (an int).")
    with pytest.raises(NotQuiteRight) as error:
        show("<p>Hi</p>", ["p { color: red; }"])
    assert "`show` needs text (a string) with CSS in it. It got ['p { color: red; }'], which is a list." in (
        message(error))


# --- check_tag and check_closed --------------------------------------------------------------------

def test_a_right_answer_passes_with_one_line_and_nothing_on_stderr(capsys):
    assert check_tag("page", "h1", text="My CV", count=1, namespace={"page": "<h1>My CV</h1>"}) is None
    out = capsys.readouterr()
    assert out.out == "✓ `page` has 1 <h1> tag with the words 'My CV'\n"
    assert out.err == ""


def test_the_variable_is_found_in_the_callers_globals(capsys):
    global heading
    heading = "<h1>My CV</h1>"
    check_tag("heading", "h1", text="My CV")
    check_closed("heading")
    assert capsys.readouterr().out.count("✓") == 2


def test_a_missing_variable_is_explained():
    with pytest.raises(NotQuiteRight) as error:
        check_tag("nowhere", "h1", namespace={})
    text = message(error)
    assert "We can't find a variable called `nowhere`." in text
    assert "Traceback" not in text


def test_a_value_that_is_not_text_is_explained():
    text = fails("h1", 5)
    assert "It gave:   5, which is a whole number (an int)" in text
    assert "We wanted: text (a string) with HTML tags in it" in text
    assert "Use + to join pieces of text, not commas." in fails("h1", ("<h1>", "My CV", "</h1>"))


def test_empty_text_is_explained():
    assert "Write your HTML between the quote marks." in fails("h1", "   ")


def test_closing_problems_come_first():
    text = fails("h1", "<h1>My CV<h1>", text="My CV")
    assert "We tried:  checking that every tag in `page` is closed" in text
    assert "It gave:   '<h1>My CV<h1>'" in text
    assert "Hint: It looks like you forgot the / in the closing tag </h1>." in text


def test_words_with_no_tags_are_explained():
    text = fails("h1", "My CV", text="My CV")
    assert "It gave:   'My CV': words, but no tags" in text
    assert "Hint: Put <h1> before the words and </h1> after them." in text


def test_a_misspelt_or_swapped_tag_is_named():
    assert "Is the tag name spelt wrong? We found <hl>. It should be <h1>." in fails("h1", "<hl>My CV</hl>")
    assert "You used <h2>. This task wants <h1>." in fails("h1", "<h2>My CV</h2>")
    assert "This task wants <ul>, a list with dots." in fails("ul", "<ol><li>Cook</li></ol>")
    assert "Is the tag name spelt wrong? We found <lu>." in fails("ul", "<lu><li>Cook</li></lu>")


def test_the_wrong_number_of_tags_is_reported():
    text = fails("li", "<ul><li>Cook</li><li>Cleaner</li></ul>", count=3)
    assert "It gave:   2 <li> tags" in text and "We wanted: 3 <li> tags" in text
    assert "Add another <li> ... </li>." in text
    assert "Take out the extra <h1>." in fails("h1", "<h1>A</h1><h1>B</h1>", count=1)
    assert "Put each one in its own <li> ... </li>." in fails("li", "<ul><li>Cook, Cleaner</li></ul>", count=3)


def test_items_outside_their_list_are_named():
    text = fails("li", "<li>Cook</li><li>Cleaner</li>", inside="ul")
    assert "Your <li> items need to be inside a <ul>. Put <ul> before them and </ul> after them." in text
    one = fails("strong", "<strong>kind</strong><p>I am</p>", inside="p")
    assert "Your <strong> needs to be inside a <p>. Move it between <p> and </p>." in one
    numbered = fails("li", "<ol><li>Cook</li><li>Cleaner</li></ol>", inside="ul")
    assert "You made a numbered list with <ol>. This task wants <ul>, a list with dots." in numbered


def test_wrong_words_get_a_specific_hint():
    assert "Check the capital letters." in fails("h1", "<h1>my cv</h1>", text="My CV")
    assert "Check the spaces between the words." in fails("h1", "<h1>MyCV</h1>", text="My CV")
    assert "Check the full stop or mark at the end." in fails("p", "<p>Hi</p>", text="Hi.")
    assert "Your words are outside the tag. Put them between <h1> and </h1>." in fails(
        "h1", "<h1></h1>My CV", text="My CV")
    assert "Your <h2> holds more than these words. Put </h2> straight after them." in fails(
        "h2", "<h2>The job I want<p>I want to cook.</p></h2>", text="The job I want")
    assert "Hint: Copy the words exactly." in fails("h1", "<h1>Hello</h1>", text="My CV")
    assert "Hint: Use your own name." in fails("h1", "<h1>Hello</h1>", text="My CV", hint="Use your own name.")


def test_a_tag_for_words_must_hold_some():
    text = fails("li", "<ul><li></li></ul>")
    assert "It gave:   <li></li> with no words in it" in text
    assert "Write some words between <li> and </li>." in text
    assert "Your words are outside the tag." in fails("p", "<p></p>I am kind.")


def test_texts_are_checked_in_order():
    steps = "<ol><li>Write a CV</li><li>Find a job</li></ol>"
    assert "The items are in the wrong order." in fails("li", steps, texts=["Find a job", "Write a CV"])
    text = fails("li", "<ol><li>Find a job</li><li>write a CV</li></ol>", texts=["Find a job", "Write a CV"])
    assert "Look at <li> number 2. Check the capital letters." in text


def test_attributes_are_checked_with_specific_hints():
    wanted = {"src": "photo.png", "alt": True}
    no_alt = fails("img", '<img src="photo.png">', attrs=wanted)
    assert "It gave:   <img src=\"photo.png\">" in no_alt
    assert "We wanted: <img> with alt=\"some words\"" in no_alt
    assert "Alt text helps people who cannot see the picture." in no_alt
    assert "Your alt has no words." in fails("img", '<img src="photo.png" alt="">', attrs=wanted)
    assert "Your alt has no words." in fails("img", '<img src="photo.png" alt>', attrs=wanted)
    assert 'Change it to src="photo.png".' in fails("img", '<img src="me.jpg" alt="Me">', attrs=wanted)
    link = {"href": "#contact"}
    assert "It looks like you forgot the # at the start." in fails("a", '<a href="contact">Hi</a>', attrs=link)
    assert "Is herf spelt wrong? It should be href." in fails("a", '<a herf="#contact">Hi</a>', attrs=link)
    assert "Take out the spaces inside the quote marks." in fails("a", '<a href=" #contact">Hi</a>', attrs=link)


def test_one_tag_with_all_the_attributes_is_enough(capsys):
    page = '<a href="cv.html">CV</a> <a href="#contact">Contact me</a>'
    check_tag("page", "a", text="Contact me", attrs={"href": "#contact"}, namespace={"page": page})
    assert capsys.readouterr().out == "✓ `page` has <a> with the words 'Contact me' and href=\"#contact\"\n"
    check_tag("page", "img", attrs={"alt": True}, namespace={"page": '<img src="me.png" alt="Me">'})
    assert capsys.readouterr().out == "✓ `page` has <img> with alt=\"...\"\n"


def test_a_recorded_mistake_gives_its_own_message():
    text = fails("h1", "<h1>My  CV<h1>", mistakes={"<h1>My CV<h1>": "Look at the second <h1>."})
    assert "Hint: Look at the second <h1>." in text


def test_check_closed_passes_and_fails_with_the_first_problem(capsys):
    check_closed("page", namespace={"page": "<p>I am <strong>kind</strong>.</p>"})
    assert capsys.readouterr().out == "✓ every tag in `page` is closed\n"
    with pytest.raises(NotQuiteRight) as error:
        check_closed("page", namespace={"page": "<ul>\n  <li>Cook\n</ul>"})
    text = message(error)
    assert "It gave:   '<ul> <li>Cook </ul>'" in text
    assert "Your <li> with the words 'Cook' is opened but never closed. Add </li> at its end." in text


def test_nothing_is_written_to_stderr_when_a_check_fails(capsys):
    with pytest.raises(NotQuiteRight):
        check_tag("page", "h1", namespace={"page": "<h1>My CV<h1>"})
    assert capsys.readouterr().err == ""


def test_without_a_namespace_the_checks_read_the_notebooks_own_names(capsys):
    global heading
    heading = "<h1>My CV</h1>"
    check_tag("heading", "h1", text="My CV")
    check_closed("heading")
    assert capsys.readouterr().out == ("✓ `heading` has <h1> with the words 'My CV'\n"
                                       "✓ every tag in `heading` is closed\n")
