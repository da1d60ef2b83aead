"""The CSS check helpers: rules read with tinycss2, selectors matched on the learner's page, plain messages."""

from __future__ import annotations

import pytest

from curriculum.checks import NotQuiteRight
from curriculum.csscheck import check_media, check_rule, check_selects, parse_css, preview

PAGE = """
<div class="job-card" id="top-job">
  <h2>Cook</h2>
  <p class="pay">£11.44 an hour</p>
  <p>Full time</p>
</div>
<div class="job-card">
  <h2>Cleaner</h2>
  <p class="pay">£11.50 an hour</p>
</div>
"""


def message(error: pytest.ExceptionInfo[NotQuiteRight]) -> str:
    return "\n".join(error.value._render_traceback_())


def rule_fails(css: object, selector: str, declarations: dict | None = None, **options: object) -> str:
    with pytest.raises(NotQuiteRight) as error:
        check_rule("style", selector, declarations, namespace={"style": css}, **options)
    return message(error)


def selects_fails(css: str, prop: str, wanted: str, **options: object) -> str:
    with pytest.raises(NotQuiteRight) as error:
        check_selects("style", "page", prop, wanted, namespace={"style": css, "page": PAGE}, **options)
    return message(error)


def media_fails(css: str, **options: object) -> str:
    with pytest.raises(NotQuiteRight) as error:
        check_media("style", "(max-width: 600px)", ".jobs", {"flex-direction": "column"},
                    namespace={"style": css}, **options)
    return message(error)


# --- parse_css -------------------------------------------------------------------------------------

def test_parse_reads_rules_selectors_and_declarations_the_last_value_winning():
    sheet = parse_css("/* cards */ .a,  .b > p { Display: flex; gap: 1rem; COLOR: Navy; color: red }\n"
                      "@media (max-width: 600px) { .a { flex-direction: column; } }")
    assert sheet.problems == []
    first, inner = sheet.rules
    assert first.selectors == (".a", ".b > p") and first.selector == ".a, .b > p"
    assert first.declarations == {"display": "flex", "gap": "1rem", "color": "red"}
    assert parse_css("p { font-family: Arial; }").rules[0].declarations == {"font-family": "Arial"}
    assert inner.media == "(max-width:600px)" and sheet.media == ["(max-width:600px)"]
    assert sheet.rules_for(".a") == [first] and sheet.rules_for(".a", "(max-width:600px)") == [inner]


@pytest.mark.parametrize("css, problem", [
    ("h1 { color: red font-size: 2em; }",
     "In your rule for `h1`, a ; is missing after `color: red`. End each line with ;"),
    ("h1 { color: red;\n p { color: blue; }", "In your rule for `h1`, the } at the end is missing. "
                                              "Add } after its last line."),
    ("h1 { color: red; } p { color: blue;", "Your rule for `p` has no } at its end. Add } after its last line."),
    ("@media (max-width: 600px) { .a { gap: 1em; }",
     "Your `@media (max-width: 600px)` rule has no } at its end. Add } after the last rule inside it."),
    ("} p { color: red; }", "We found a } with no { before it. Each rule needs one { and one }."),
    ("h1 color: red; }", "A rule has no {. Write the selector, then {, then the lines, then }."),
    ("p { color red; }", "In your rule for `p`, a line has no :. Write each line like this: name: value;"),
    ("p { color: ; }", "In your rule for `p`, `color` has no value. Write one after the :"),
    ("h1 { colour: navy; }", "CSS uses American spelling. Write `color`, not `colour`."),
    ("p { text-align: centre; }", "CSS uses American spelling. Write `text-align: center`, not `centre`."),
    ("p { fontsize: 2em; }", "We do not know the property `fontsize`. Did you mean `font-size`?"),
    ("p { wobble: 2em; }", "We do not know the property `wobble`. Check its spelling."),
    (".jobs { display: flexbox; }", "`display` cannot be `flexbox`. Did you mean `display: flex`?"),
    (".jobs { justify-content: space between; }",
     "`justify-content` cannot be `space between`. Did you mean `justify-content: space-between`?"),
    (".jobs { flex-wrap: yes; }", "`flex-wrap` cannot be `yes`. Check the value this task asks for."),
    ("p { padding: 10; }", "`padding: 10` needs a unit after 10. Write 10px, for example."),
    ("p { border: 2 solid red; }", "`border: 2 solid red` needs a unit after 2. Write 2px, for example."),
    ("<style>\np { color: red; }\n</style>", "Leave out the <style> tags. Write only the CSS rules here."),
])
def test_parse_names_each_beginners_slip_in_plain_words(css, problem):
    assert parse_css(css).problems[0] == problem


def test_good_css_has_no_problems():
    css = "p { margin: 0 auto; padding: 0; line-height: 1.5; flex: 1; -webkit-thing: 2; border: 2px solid #333; }"
    assert parse_css(css).problems == []


# --- check_rule ------------------------------------------------------------------------------------

def test_a_right_rule_passes_with_one_line(capsys):
    css = "h1 { color: navy; }\nh1 { padding: 8px; }"
    assert check_rule("style", "h1", {"color": "Navy", "padding": True}, namespace={"style": css}) is None
    assert capsys.readouterr() == ("✓ `style` has a rule for `h1` with color: Navy, padding\n", "")


def test_any_of_a_list_of_values_will_do(capsys):
    check_rule("style", ".card", {"margin": ["0 auto", "auto"]}, namespace={"style": ".card { margin: auto; }"})
    assert capsys.readouterr().out == "✓ `style` has a rule for `.card` with margin: 0 auto or auto\n"


def test_text_that_is_not_css_is_explained():
    assert "text (a string) with CSS in it" in rule_fails(42, "h1")
    assert "Put quote marks around your CSS, like this: style = \"h1 { color: navy; }\"" in rule_fails(42, "h1")
    assert "Hint: Write your CSS between the quote marks." in rule_fails("  ", "h1")


def test_a_problem_in_the_css_comes_first_unless_a_recorded_mistake_matches():
    said = rule_fails("h1 { colour: navy; }", "h1", {"color": "navy"})
    assert said.splitlines() == ["Not quite right yet.", "We tried:  reading the CSS in `style`",
                                 "It gave:   'h1 { colour: navy; }'",
                                 "We wanted: each rule written like this: h1 { color: navy; }",
                                 "Hint: CSS uses American spelling. Write `color`, not `colour`."]
    said = rule_fails("h1 { colour: navy; }", "h1", mistakes={"h1 {  colour: navy; }": "Spell it color."})
    assert said.endswith("Hint: Spell it color.")


@pytest.mark.parametrize("css, selector, advice", [
    ("#job-card { padding: 8px; }", ".job-card",
     "You wrote `#job-card`. A # picks an id. Use a . to pick a class: `.job-card`."),
    (".top { padding: 8px; }", "#top", "You wrote `.top`. A . picks a class. Use # to pick an id: `#top`."),
    ("job-card { padding: 8px; }", ".job-card", "A class needs a . in front. Write `.job-card`, not `job-card`."),
    ("top { padding: 8px; }", "#top", "An id needs a # in front. Write `#top`, not `top`."),
    (".jobcard { padding: 8px; }", ".job-card", "Is `.jobcard` spelt right? This task wants `.job-card`."),
    ("p { padding: 8px; }", ".job-card", "Add a rule for `.job-card`: .job-card { ... }"),
    ("@media (max-width: 600px) { .job-card { padding: 8px; } }", ".job-card",
     "Your rule for `.job-card` is inside an @media rule. Put one outside it, before the @media rule."),
])
def test_a_missing_rule_names_the_selector_the_learner_probably_meant(css, selector, advice):
    said = rule_fails(css, selector, {"padding": True})
    assert f"We tried:  looking for a rule for `{selector}` in `style`" in said
    assert f"Hint: {advice}" in said


def test_the_authors_hint_comes_before_the_plain_advice_but_after_a_diagnosis():
    assert rule_fails("p { padding: 8px; }", "h1", hint="Style the heading.").endswith("Hint: Style the heading.")
    assert "Hint: Is `.jobcard` spelt right?" in rule_fails(".jobcard { padding: 8px; }", ".job-card", hint="x")


def test_a_missing_or_wrong_declaration_is_named():
    said = rule_fails("h1 { padding: 8px; }", "h1", {"color": "navy"})
    assert "It gave:   a rule for `h1` with no `color`" in said
    assert "Hint: Add a line with `color:` to the rule for `h1`." in said
    said = rule_fails("p { color: navy; } h1 { padding: 8px; }", "h1", {"color": "navy"})
    assert "Hint: You set `color` in the rule for `p`. This task wants it in the rule for `h1`." in said
    said = rule_fails("h1 { color: blue; }", "h1", {"color": "navy"})
    assert "It gave:   `color: blue`\nWe wanted: `color: navy`" in said
    assert "Hint: Change the value of `color` to the one this task asks for." in said
    assert rule_fails("h1 { color: blue; }", "h1", {"color": "navy"}, hint=("Dark blue.", "navy")).endswith(
        "Hint: Dark blue.\nStill stuck? Try again, then run this check again for the next hint.")


# --- check_media -----------------------------------------------------------------------------------

def test_a_right_media_rule_passes(capsys):
    css = ".jobs { display: flex; }\n@media screen and (max-width:600px) { .jobs { flex-direction: column; } }"
    check_media("style", "(max-width: 600px)", ".jobs", {"flex-direction": "column"}, namespace={"style": css})
    assert capsys.readouterr().out == ("✓ `style` has a rule for `.jobs` inside your @media rule "
                                       "with flex-direction: column\n")


@pytest.mark.parametrize("css, advice", [
    (".jobs { flex-direction: column; }", "Add an @media rule with the test (max-width: 600px). "
                                          "Put the rules for small screens in its { }."),
    ("@media max-width: 600px { .jobs { flex-direction: column; } }",
     "Put ( ) around the test, like this: @media (max-width:600px)"),
    ("@media (min-width: 600px) { .jobs { flex-direction: column; } }",
     "Check max and min. max-width means the screen is this wide or less."),
    ("@media (max-width: 600) { .jobs { flex-direction: column; } }",
     "The number in your @media test needs a unit, like px."),
    (".jobs { display: flex; } @media (max-width: 600px) { .job { flex-direction: column; } }",
     "Is `.job` spelt right? This task wants `.jobs`."),
    (".jobs { display: flex; } @media (max-width: 600px) { }",
     "Put a rule for `.jobs` inside the { } of your @media rule."),
    ("@media (max-width: 600px) { .jobs { flex-direction: row; } }",
     "Change the value of `flex-direction` to the one this task asks for."),
])
def test_media_messages(css, advice):
    assert f"Hint: {advice}" in media_fails(css)


# --- check_selects ---------------------------------------------------------------------------------

@pytest.mark.parametrize("css", [".pay { color: green; }", "p.pay { color: green; }",
                                 ".job-card .pay { color: green; }", "h1 { color: red; } .pay { color: green; }"])
def test_any_selector_that_picks_the_same_parts_passes(css, capsys):
    check_selects("style", "page", "color", ".pay", namespace={"style": css, "page": PAGE})
    assert capsys.readouterr().out.endswith("picks the right 2 parts of `page`\n")


@pytest.mark.parametrize("css, advice", [
    (".payy { color: green; }", "The page has no class `payy`. Did you mean `.pay`?"),
    ("#pay { color: green; }", "`pay` is a class on the page, not an id. Use `.pay`."),
    (".top-job { color: green; }", "`top-job` is an id on the page, not a class. Use `#top-job`."),
    ("pay { color: green; }", "There is no <pay> on the page. A class needs a . in front: `.pay`."),
    ("span { color: green; }", "There is no <span> on the page. Check the tag name."),
    ("h2:hover, [href] { color: green; }", "Your selector `h2:hover, [href]` picks nothing on the page."),
    ("p { color: green; }", "Your selector `p` picks 3 parts of the page. We wanted only 2."),
    ("#top-job .pay { color: green; }", "Your selector `#top-job .pay` does not pick the parts of the page "
                                        "this task means."),
])
def test_a_selector_that_picks_the_wrong_parts_is_explained(css, advice):
    said = selects_fails(css, "color", ".pay")
    assert f"Hint: {advice}" in said
    assert "We wanted: it picks the 2 parts that `.pay` picks" in said


def test_check_selects_shows_what_was_picked_and_adds_the_authors_hint():
    said = selects_fails("p { color: green; }", "color", ".pay", hint="Use the class.")
    assert 'It gave:   it picks 3: <p class="pay">, <p>, <p class="pay">' in said
    assert said.endswith("We wanted only 2. Use the class.")


def test_check_selects_needs_a_rule_with_the_property_and_a_readable_selector():
    assert "Hint: Write a rule with a `color:` line in it." in selects_fails("p { padding: 1px; }", "color", ".pay")
    assert "Hint: Check your selector." in selects_fails("p..pay { color: green; }", "color", ".pay")


# --- preview ---------------------------------------------------------------------------------------

def test_preview_redraws_the_page_as_the_css_and_width_change():
    box = preview("<h1>Jobs</h1>", "h1 { color: navy; }", width=480)
    editor, slider, page = box.children
    assert editor.value == "h1 { color: navy; }" and slider.value == 480
    assert "h1 { color: navy; }" in page.value and "width: 480px" in page.value
    assert "Look again" not in page.value
    editor.value = "h1 { colour: red; }"
    assert "h1 { colour: red; }" in page.value
    assert "Look again: CSS uses American spelling. Write `color`, not `colour`." in page.value
    slider.value = 300
    assert "width: 300px" in page.value


def test_preview_explains_a_value_that_is_not_text():
    with pytest.raises(NotQuiteRight) as error:
        preview("<p>Hi</p>", None)
    assert message(error).endswith("`preview` needs text (a string) with CSS in it. "
                                   "It got None, which is nothing (None).")
