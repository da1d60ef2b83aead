"""nbgrader configuration of the Code Forward course.

Every learner record lives under grading/, which git ignores.
"""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

root = Path(__file__).resolve().parent
grading = root / "grading"

c.CourseDirectory.course_id = "code-forward"
c.CourseDirectory.root = str(root)
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "grading/submitted"
c.CourseDirectory.autograded_directory = "grading/autograded"
c.CourseDirectory.feedback_directory = "grading/feedback"
c.CourseDirectory.solution_directory = "grading/solution"
c.CourseDirectory.db_url = f"sqlite:///{grading / 'gradebook.db'}"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".pytest_cache"]

# A local exchange that needs no root; nbgrader creates it on first use.
c.Exchange.root = str(grading / "exchange")
c.Exchange.path_includes_course = True

# Submissions on removable media: each learner's zip is named <student id>.zip (or <id>_anything.zip);
# `curriculum import-zips` (nbgrader zip_collect) files them like exchange submissions.
c.ZipCollectApp.downloaded_directory = "grading/downloaded"
c.FileNameCollectorPlugin.named_regexp = (
    r".*/extracted/(?P<student_id>[A-Za-z0-9.@-]+)(?:_[^/]*)?/(?:.*/)?(?P<file_id>[^/]+\.ipynb)$"
)

# What a learner sees in an empty answer cell. Running it still fails, so a blank scores zero.
c.ClearSolutions.code_stub = {
    "python": "# Write your answer here, in place of the line below.\n"
    'raise NotImplementedError("Not written yet")'
}
c.ClearSolutions.text_stub = "Write your answer here, in your own words."

# A deleted test cell is put back from the source and graded, so deleting a test never pays.
c.OverwriteCells.add_missing_cells = True

# Output kept is limited in bytes as well as in lines: a cell that prints 100 MB keeps 100 kB.
# An answer that reaches into the checks, the imports or error reporting scores 0 (DetectTampering).
from nbgrader.converters import Autograde  # noqa: E402
from nbgrader.preprocessors import LimitOutput  # noqa: E402

from curriculum.preprocessors import DetectTampering, LimitOutputBytes  # noqa: E402

c.Autograde.autograde_preprocessors = [
    replaced
    for step in Autograde().autograde_preprocessors
    for replaced in ([LimitOutputBytes, DetectTampering] if step is LimitOutput else [step])
]

# No cell may run for ever; an answer that loops gets a clear message instead.
c.ExecutePreprocessor.timeout = 30
# A cell that ignores being stopped is recorded as timed out, and the learner is still graded.
c.Execute.raise_on_iopub_timeout = False
c.ExecutePreprocessor.kernel_name = "python3"

grading.mkdir(exist_ok=True)
(grading / "exchange").mkdir(exist_ok=True)

# Feedback that is safe to hand out: it opens with no network, and it shows each hidden test's
# result and message but not its code. Set this to True to show hidden tests' code as well.
SHOW_HIDDEN_TESTS_IN_FEEDBACK = False

import nbgrader  # noqa: E402
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import ClearHiddenTests, GetGrades  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor] + (
    [] if SHOW_HIDDEN_TESTS_IN_FEEDBACK else [ClearHiddenTests])
c.GenerateFeedback.exporter_class = "curriculum.exporters.OfflineFeedbackExporter"
c.OfflineFeedbackExporter.template_name = "feedback_offline"
# Our templates come first: they keep the feedback pages and the Formgrader's pages from loading MathJax from the web.
c.HTMLExporter.extra_template_basedirs = [
    str(root / "curriculum" / "templates"),
    str(Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"),
]
