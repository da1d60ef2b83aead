"""Gates on what a learner reads: hints on every check, plain words, and check cells that teach.

Hints and mistake messages are read from each test cell, its hidden tests too, since grading shows them in
feedback (see :mod:`curriculum.author.testcells`); the prose from the markdown cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core import notebook as nb
from .. import readability
from ..testcells import Check, Message, checks, hidden_lines, marked_lines, visible_source, whole_source
from .context import Context, Outcome

STAGES = '("what is wrong", "a nudge", "the line to write")'
STAGED = f"hint={STAGES}"
ANSWER_LINE_CHARS = 10
QUOTE_CHARS = 90
HARDEST = 3


@dataclass(frozen=True)
class CellChecks:
    """The check calls of one test cell, hidden ones too (none, and a problem, when the cell is not Python)."""

    grade_id: str
    checks: tuple[Check, ...]
    problem: str | None = None
    hidden: frozenset[int] = frozenset()

    def where(self, check: Check) -> str:
        """Where a check is, for a message: the cell, the line, and whether it is in the hidden tests."""
        hidden = " (in the hidden tests)" if self.is_hidden(check) else ""
        return f"cell `{self.grade_id}`, line {check.line}{hidden}"

    def is_hidden(self, check: Check) -> bool:
        """True when the check call is in the hidden tests (the learner meets its messages in feedback)."""
        return check.line in self.hidden


def cell_checks(context: Context) -> list[CellChecks]:
    """Every test cell of the source notebook with its checks, visible and hidden (read once per context)."""
    return context.once("test-cells", lambda: [_test_cell(cell, context) for cell in context.source.cells
                                               if nb.is_test(cell)])


def _test_cell(cell: nb.NotebookNode, context: Context) -> CellChecks:
    grade_id = str(nb.nbgrader_meta(cell).get("grade_id"))
    markers = context.course.markers
    for part, source in (("visible checks", visible_source(cell.source, markers)),
                         ("hidden tests", whole_source(cell.source, markers))):
        try:
            found = tuple(checks(source))
        except SyntaxError as error:
            return CellChecks(grade_id, (), f"cell `{grade_id}`: the {part} are not valid Python "
                                            f"(line {error.lineno}: {error.msg}); fix them first")
    return CellChecks(grade_id, found, hidden=hidden_lines(cell.source, markers))


def _unreadable(cells: list[CellChecks]) -> list[str]:
    return [cell.problem for cell in cells if cell.problem]


def hints(context: Context) -> Outcome:
    """Every check call in a test cell, visible or hidden, gives a hint or a mistakes table."""
    cells = cell_checks(context)
    missing = [f"{cell.where(check)}: `{check.call}` has no hint; add {STAGED} or a mistakes={{…}} table"
               for cell in cells for check in cell.checks if check.lacks_hint]
    return Outcome(_unreadable(cells) + missing)


def _quote(sentence: str) -> str:
    return f"“{sentence if len(sentence) <= QUOTE_CHARS else sentence[:QUOTE_CHARS - 1] + '…'}”"


def _long_sentences(text: str, limit: int, where: str) -> list[str]:
    return [f"{where}: this sentence has {readability.words(s)} words, more than {limit}; split it: {_quote(s)}"
            for s in readability.long_sentences(text, limit)]


def _prose(context: Context) -> tuple[float, list[str]]:
    """The prose's grade, and its problems: too hard to read, or sentences too long."""
    settings = context.course.settings
    text = readability.notebook_prose(nb.new([c for c in context.source.cells if not nb.is_answer(c)]))
    level = readability.grade(text)
    problems = _long_sentences(text, settings.max_sentence_words, "the text")
    if level > settings.readability_grade:
        hardest = "; ".join(_quote(s) for s in readability.hardest_sentences(text, HARDEST))
        problems.insert(0, f"the text reads at grade {level:.1f}, above {settings.readability_grade:g}; use "
                           f"shorter sentences and common words. Start with: {hardest}")
    return level, problems


def _hints_text(context: Context) -> tuple[float, list[str]]:
    """The grade of all hints and messages together, and their problems: hardest strings, long sentences."""
    settings = context.course.settings
    said = [(cell.where(check), readability.prose(stage)) for cell in cell_checks(context)
            for check in cell.checks for message in check.messages for stage in message.stages]
    level = readability.grade(" ".join(text for _, text in said))
    problems = [problem for where, text in said
                for problem in _long_sentences(text, settings.max_sentence_words, where)]
    if level > settings.readability_grade:
        hardest = sorted(said, key=lambda found: readability.grade(found[1]), reverse=True)[:HARDEST]
        problems.insert(0, f"the hints and messages read at grade {level:.1f}, above "
                           f"{settings.readability_grade:g}; use shorter sentences and common words. Start with: "
                           + "; ".join(f"{where} {_quote(text)}" for where, text in hardest))
    return level, problems


def reading_level(context: Context) -> Outcome:
    """Prose, hints and messages read at ``c.Curriculum.readability_grade`` or below (Flesch–Kincaid).

    No sentence may have more than ``c.Curriculum.max_sentence_words`` words.
    """
    prose_level, prose_problems = _prose(context)
    hints_level, hint_problems = _hints_text(context)
    return Outcome(_unreadable(cell_checks(context)) + prose_problems + hint_problems,
                   f"grade {prose_level:.1f}, hints {hints_level:.1f}")


def answer_lines(context: Context) -> set[str]:
    """The lines of the code solutions long enough to give an answer away (comments left out)."""
    return {line.strip() for cell in context.source.cells if nb.is_code_answer(cell)
            for line, secret in marked_lines(cell.source, context.course.markers)
            if secret and len(line.strip()) >= ANSWER_LINE_CHARS and not line.strip().startswith("#")}


def _gives_away(message: Message, lines: set[str]) -> list[tuple[int, str]]:
    """(stage, line) for each answer line a stage shows before the last stage of a staged hint."""
    shown = message.stages[:-1] if len(message.stages) > 1 else message.stages
    return [(number, line) for number, stage in enumerate(shown, 1) for line in sorted(lines) if line in stage]


def _collapsed(context: Context) -> list[str]:
    """A problem naming the test cells of the release notebook that show their code."""
    path = context.course.release_notebook(context.assignment)
    fix = f"run `curriculum build {context.assignment.id}`, which collapses test cells"
    if not path.is_file():
        return [f"release/{context.assignment.id}/{path.name} is missing; {fix}"]
    shown = [f"`{nb.nbgrader_meta(cell).get('grade_id')}`" for cell in nb.read(path).cells
             if nb.is_test(cell) and not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden")]
    return [f"test cells show their code in the release (not collapsed): {', '.join(shown)}; {fix}"] if shown else []


def check_cells(context: Context) -> Outcome:
    """Test cells are collapsed in the release, and no hint shows an answer line before its last stage."""
    lines = answer_lines(context)
    given_away = [f"{cell.where(check)}: the {message.kind} shows the answer line `{line}` in stage {stage} of "
                  f"{len(message.stages)}; say what is wrong first and show the line in the last stage only: "
                  + (STAGED if message.kind == "hint" else f"mistakes={{wrong: {STAGES}}}")
                  for cell in cell_checks(context) for check in cell.checks for message in check.messages
                  for stage, line in _gives_away(message, lines)]
    return Outcome(_unreadable(cell_checks(context)) + _collapsed(context) + given_away)
