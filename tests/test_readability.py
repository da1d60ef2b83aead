"""Reading level of learner-facing prose: code, links and markup are left out."""

from __future__ import annotations

from curriculum.author.readability import (grade, hardest_sentences, long_sentences, notebook_prose, prose,
                                           sentences, words)
from curriculum.core import notebook as nb


def test_prose_drops_code_links_and_markup():
    text = prose("# Loops\n\nRun `for i in range(3):` now.\n\n```python\nprint(1)\n```\n"
                 "- one item\n- see http://localhost:8000/page\n")
    assert "range" not in text and "print" not in text and "localhost" not in text
    assert text == "Loops. Run now. one item. see."


def test_short_plain_sentences_score_low_and_long_ones_high():
    easy = "We add two numbers. We show the sum. It is five."
    hard = ("Notwithstanding considerable methodological heterogeneity, comprehensive evaluations "
            "substantiate the proposition that iterative computational constructs facilitate abstraction.")
    assert grade(easy) < 3
    assert grade(hard) > 12
    assert grade("") == 0.0


def test_notebook_prose_reads_only_markdown_cells():
    notebook = nb.new([nb.markdown("a", "Hello there."), nb.code("b", "x = 'Incomprehensibility'")])
    assert notebook_prose(notebook) == "Hello there."


def test_hardest_sentences_are_the_longest():
    assert hardest_sentences("Short. This one is much longer than the rest.", 1) == [
        "This one is much longer than the rest."]


def test_sentences_end_at_stops_and_colons_and_words_are_counted():
    assert sentences("One two. Three: four five! Six?") == ["One two.", "Three:", "four five!", "Six?"]
    assert words("four five!") == 2


def test_long_sentences_are_those_over_the_limit_longest_first():
    text = "A b c. A b c d e. A b c d."
    assert long_sentences(text, 3) == ["A b c d e.", "A b c d."]
    assert long_sentences(text, 5) == []
