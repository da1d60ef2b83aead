"""nbgrader configuration of the Code Forward course, and the course's own settings (``c.Curriculum``).

Every learner record lives under grading/, which git ignores.
"""

from pathlib import Path

import nbgrader
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades

from curriculum.classroom.exporters import TEMPLATES, OfflineFeedbackExporter
from curriculum.classroom.preprocessors import HideHiddenTests, autograde_steps
from curriculum.core.generate import generate_steps
from curriculum.core.helpers import learner_helpers
from curriculum.core.kernels import PROMPT_KERNEL_MANAGER

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
# Graders working side by side wait up to 120 s for each other's writes instead of failing.
c.CourseDirectory.db_url = f"sqlite:///{grading / 'gradebook.db'}?timeout=120"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".pytest_cache"]

# A local exchange that needs no root; the `curriculum` commands make it when it is missing.
c.Exchange.root = str(grading / "exchange")
c.Exchange.path_includes_course = True
# Collect refuses a submission made by another account, and flags one changed after it was handed in.
c.ExchangeFactory.collect = "curriculum.classroom.exchange.CheckedCollect"
# On a classroom server (`curriculum server`), the exchange is the server's and each learner has a
# Unix account named as their learner id: collect then refuses a submission made by another account.
server_exchange = grading / "server-exchange.txt"
c.Curriculum.learners_have_accounts = server_exchange.is_file()
if server_exchange.is_file():
    c.Exchange.root = server_exchange.read_text(encoding="utf-8").strip()

# Submissions on removable media: each learner's zip is named <student id>.zip (or <id>_anything.zip);
# `curriculum import-zips` (nbgrader zip_collect) files them like exchange submissions.
c.ZipCollectApp.downloaded_directory = "grading/downloaded"
c.FileNameCollectorPlugin.named_regexp = (
    r".*/extracted/(?P<student_id>[A-Za-z0-9.@-]+)(?:_[^/]*)?/(?:.*/)?(?P<file_id>[^/]+\.ipynb)$"
)

# What a learner sees in an empty answer cell: running it prints one calm line, not an error. The checks
# know these words (curriculum.explain.NOT_WRITTEN), so a blank still fails every test and scores zero.
c.ClearSolutions.code_stub = {"python": 'print("Not written yet: write your answer in place of this line.")'}
c.ClearSolutions.text_stub = "Write your answer here, in your own words."

# nbgrader's steps that make release/ from source/, then one more: test cells are collapsed, so
# JupyterLab shows the checks' messages, not their code.
c.GenerateAssignment.preprocessors = generate_steps()

# A deleted test cell is put back from the source and graded, so deleting a test never pays.
c.OverwriteCells.add_missing_cells = True

# nbgrader's autograding steps, with these changes: test cells run without input history, and no
# output may show hidden-test code; output is limited in bytes as well as lines (a cell that prints
# 100 MB keeps 100 kB); and code that reaches into the checks, the imports or error reporting scores 0.
c.Autograde.autograde_preprocessors = autograde_steps()
# Kernel clients that poll in short steps: under load, a long wait could miss its wake-up and sit out
# a cell's whole timeout (seen with ipywidgets). `curriculum grade` picks its own, sandboxed, manager.
c.Execute.kernel_manager_class = PROMPT_KERNEL_MANAGER

# No cell may run for ever; an answer that loops gets a clear message instead.
c.ExecutePreprocessor.timeout = 30
# A cell that ignores being stopped is recorded as timed out, and the learner is still graded.
c.Execute.raise_on_iopub_timeout = False
c.ExecutePreprocessor.kernel_name = "python3"

# Feedback pages open with no network. Unless c.Curriculum.show_hidden_tests_in_feedback is True,
# they show each hidden test's result and message but not its code.
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, HideHiddenTests]
c.GenerateFeedback.exporter_class = OfflineFeedbackExporter
c.OfflineFeedbackExporter.template_name = "feedback_offline"
# Our templates come first: they keep the feedback pages and the Formgrader's pages from loading MathJax from the web.
c.HTMLExporter.extra_template_basedirs = [
    str(TEMPLATES),
    str(Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"),
]

# The course's own settings (meaning and default of each: curriculum/core/settings.py).
# Teaching order of the modules; a module not listed comes after these, in name order.
c.Curriculum.module_order = ["python", "web", "data"]
# Reports and transcripts: percent that completes an assignment, percent shown as good,
# and days without a submission before a learner is listed as maybe stuck.
c.Curriculum.pass_mark = 50.0
c.Curriculum.good_mark = 70.0
c.Curriculum.quiet_days = 14
# Quality gates: the highest reading grade (Flesch–Kincaid) of learner-facing text and, apart, of the
# hints and mistake messages; the most words in one sentence of either; and the seconds a cell may run
# while a recorded mistake is tried.
c.Curriculum.readability_grade = 6.0
c.Curriculum.max_sentence_words = 20
c.Curriculum.mistake_timeout = 60
# Feedback pages show each hidden test's result and message; True shows the tests' code as well.
c.Curriculum.show_hidden_tests_in_feedback = False
# Grading: the largest notebook graded (a larger one is kept, not graded), and the sandbox's limits
# for each learner's kernel.
c.Curriculum.max_notebook_bytes = 20 * 1024 * 1024
c.Curriculum.sandbox_memory = 1536 * 1024 * 1024
c.Curriculum.sandbox_cpu_seconds = 120
c.Curriculum.sandbox_processes = 64
c.Curriculum.sandbox_file_size = 50 * 1024 * 1024
c.Curriculum.sandbox_open_files = 256
# Grading as root, one warm server per grading process imports these once; each learner's kernel is
# forked from it, so no learner pays for them again. Add the libraries a new module's notebooks import.
# (`_quickjs`, not `quickjs`: importing `quickjs` starts a thread, and the server refuses to fork with threads.)
# The learner helpers (curriculum.checks, .htmlcheck, ...) are found, not listed: see curriculum/core/helpers.py.
c.Curriculum.warm_imports = ["ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
                             "IPython", "zmq", "tornado", "comm", "ipywidgets", "matplotlib", "matplotlib.pyplot",
                             "matplotlib_inline.backend_inline", "numpy", "pandas", "flask", "sqlite3", "_quickjs",
                             "tinycss2", "bs4", "html5lib", *learner_helpers()]
