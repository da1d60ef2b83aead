"""The checks for a whole page and for forms: each part named in plain words, every message asserted."""

from __future__ import annotations

import pytest

from curriculum.checks import NotQuiteRight
from curriculum.pagecheck import check_labels, check_page, check_saved

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Jobs</title>
</head>
<body>
  <h1>Jobs</h1>
</body>
</html>
"""


def hint(check, html: str, **options: object) -> str:
    """The first hint line ``check`` gives for ``html`` kept in a variable called ``page``."""
    with pytest.raises(NotQuiteRight) as error:
        check("page", namespace={"page": html}, **options)
    return next(line for line in error.value.lines if line.startswith("Hint: "))[len("Hint: "):]


def test_a_whole_page_passes(capsys):
    check_page("page", title="Jobs", lang="en", hint="Compare.", namespace={"page": PAGE})
    assert capsys.readouterr().out == (
        "✓ `page` is a whole page, with <!DOCTYPE html>, <html lang>, <head> and <body>\n")


@pytest.mark.parametrize(("html", "said"), [
    (PAGE.replace("<!DOCTYPE html>", ""),
     "Start the page with <!DOCTYPE html>. It tells the browser this is a web page."),
    ("<p>Hi</p>\n" + PAGE, "Put <!DOCTYPE html> at the very start, before <html>."),
    ("<!DOCTYPE html>\n<p>Hi</p>", "Put <html> after <!DOCTYPE html>, and </html> at the very end."),
    (PAGE + "<p>Hi</p>", "Your <p> is outside <html>. Everything goes between <html> and </html>."),
    (PAGE + "Hi", "Some words are outside <html>. Everything goes between <html> and </html>."),
    (PAGE.replace(' lang="en"', ""),
     'Add lang="en" inside the opening tag, like this: <html lang="en">. It says the page is in English.'),
    (PAGE.replace("<head>", "").replace("</head>", "").replace("<meta charset=\"utf-8\">", ""),
     "Add <head> ... </head> straight after <html>. It holds the title."),
    (PAGE.replace("</head>\n<body>", "<body>").replace("</body>", "</body></head>"),
     "Close </head> before you open <body>."),
    (PAGE.replace("<body>", "").replace("</body>", ""),
     "Put the things you see on the page inside <body> ... </body>, after </head>."),
    ('<!DOCTYPE html><html lang="en"><body><p>Hi</p></body><head><meta charset="utf-8"><title>Jobs</title></head>'
     "</html>", "Put <head> ... </head> before <body>."),
    (PAGE.replace("</body>", "</body><p>Bye</p>"),
     "Your <p> is outside <head> and <body>. Things you see on the page go inside <body>."),
    (PAGE.replace("</body>", "</body><body></body>"), "Use one <head> and one <body>."),
    (PAGE.replace("</head>", "<h1>Jobs</h1></head>"),
     "Your <h1> is inside <head>. Things you see on the page go inside <body>."),
    (PAGE.replace('<meta charset="utf-8">', ""),
     'Add <meta charset="utf-8"> inside <head>. It lets the page show signs like £.'),
    (PAGE.replace("utf-8", "latin-1"), 'Write charset="utf-8" inside the <meta> tag.'),
    (PAGE.replace("<title>Jobs</title>", ""),
     "Add <title> ... </title> inside <head>. Its words show on the tab at the top of the browser."),
    (PAGE.replace("<title>Jobs</title>", "<title></title>"), "Write some words between <title> and </title>."),
    (PAGE.replace("<title>Jobs</title>", "<title>Work</title>"), "Make the words in the <title> Jobs."),
    (PAGE.replace('lang="en"', 'lang="fr"'), 'Change it to <html lang="en">.'),
])
def test_each_missing_or_misplaced_part_is_named(html, said):
    assert hint(check_page, html, title="Jobs", lang="en") == said


def test_the_page_tags_must_be_closed_first():
    assert hint(check_page, PAGE.replace("</head>", "")).startswith("Your <head> with the words")


def test_a_page_failure_says_what_we_found_and_wanted_then_adds_the_hint_in_stages():
    namespace = {"page": PAGE.replace("<!DOCTYPE html>\n", "")}
    lines = []
    for _ in range(2):
        with pytest.raises(NotQuiteRight) as error:
            check_page("page", hint="Compare your page with the one above.", namespace=namespace)
        lines = error.value.lines
    assert lines[:3] == ["We tried:  looking at the parts of the page in `page`",
                         "It gave:   a page that starts with '<html lang=\"en\">'",
                         'We wanted: <!DOCTYPE html>, then <html lang="..."> holding <head> (with <meta charset> '
                         "and <title>) and then <body>"]
    assert lines[4] == "Hint 2: Compare your page with the one above."


def test_a_recorded_mistake_speaks_first():
    broken = PAGE.replace(' lang="en"', "")
    assert hint(check_page, broken, mistakes={broken: "You left out lang."}) == "You left out lang."


FORM = '<label for="name">Name</label><input type="text" id="name"><button type="submit">Send</button>'


def test_a_form_with_every_box_labelled_passes(capsys):
    check_labels("page", hint="Join them.", namespace={"page": FORM})
    check_labels("page", hint="Join them.", namespace={"page": "<label>Town <select id='t'></select></label>"})
    assert capsys.readouterr().out == ("✓ every box in `page` has a label (1 box)\n"
                                       "✓ every box in `page` has a label (1 box)\n")


@pytest.mark.parametrize(("html", "said"), [
    ("<p>Name</p>", "Add an <input> for people to type in."),
    ('<label for="name"></label><input id="name">',
     'Your <label for="name"> has no words. Write what to type, like Name, before </label>.'),
    ('<label id="name">Name</label><input id="name">',
     'Your <label id="name"> uses id. A label uses for="..." to point to its box.'),
    ('<label>Name</label><input id="name">', "Your <label> for 'Name' needs for=\"...\", with the id of its box."),
    ('<label for="mail">Email</label><input type="email" id="email">',
     'Your <label for="mail"> points to "mail", but no box has id="mail". Did you mean "email"?'),
    ('<label for="x">Email</label><input type="email" id="email">',
     'Your <label for="x"> points to "x", but no box has id="x". Make the for and the id the same.'),
    ('<label for="name">Name</label><input id="name"><p id="name">Hi</p>',
     'Two tags have id="name". Each id must be different.'),
    ('<input type="email">',
     'Your <input type="email"> has no id. Give it an id, then add <label for="..."> with the same id.'),
    ('<label for="name">Name</label><input id="name"><textarea id="about"></textarea>',
     'Your <textarea id="about"> has no label. Add <label for="about">...</label> before it.'),
])
def test_each_box_without_a_label_is_named(html, said):
    assert hint(check_labels, html) == said


def test_a_labels_failure_counts_the_boxes_and_labels():
    with pytest.raises(NotQuiteRight) as error:
        check_labels("page", hint="Join them.", namespace={"page": "<input id='a'><input id='b'>"})
    assert error.value.lines[1:3] == ["It gave:   2 boxes and 0 labels", "We wanted: a label joined to every box"]


def saved_hint(tmp_path, monkeypatch, saved: str | None, name: str = "cv.html", **options: object) -> str:
    """The first hint check_saved gives when the file ``name`` holds ``saved`` (None: no file)."""
    monkeypatch.chdir(tmp_path)
    if saved is not None:
        (tmp_path / name).write_text(saved, encoding="utf-8")
    return hint(lambda page, **more: check_saved("cv.html", page, **more), "<h1>Me</h1>", **options)


def test_a_saved_page_passes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.html").write_text("<h1>Me</h1>", encoding="utf-8")
    check_saved("cv.html", "page", hint="Save it.", namespace={"page": "<h1>Me</h1>"})
    assert capsys.readouterr().out == "✓ cv.html holds the page in `page`\n"


@pytest.mark.parametrize(("saved", "file", "said"), [
    (None, "cv.html", "Run your answer cell. It makes the file cv.html."),
    ("<h1>Me</h1>", "cv.htm", "We found a file called cv.htm. Name it cv.html."),
    ("", "cv.html", "The file is empty. Use file.write to put the page in it."),
    ("page", "cv.html", "It looks like you wrote the name page in quote marks. Leave them out, so the file gets "
                        "the page."),
    ("<h1>Me</h1><h1>Me</h1>", "cv.html",
     'The page is in the file twice. Open the file with "w", not "a". "w" starts the file afresh.'),
    ("<h1>Me", "cv.html", "The file holds only part of the page. Write all of page into it."),
    ("<h1>You</h1>", "cv.html", "The file does not hold the page in page. Run the cell that saves it again."),
])
def test_each_file_problem_is_named(tmp_path, monkeypatch, saved, file, said):
    assert saved_hint(tmp_path, monkeypatch, saved, file) == said


def test_a_recorded_file_mistake_speaks_first(tmp_path, monkeypatch):
    assert saved_hint(tmp_path, monkeypatch, "Me", mistakes={"Me": "No tags."}) == "No tags."
