"""The course's settings: one traitlets class, set in ``nbgrader_config.py`` as ``c.Curriculum.<name>``.

Each setting has its default and its meaning here, and nowhere else.
"""

from __future__ import annotations

from traitlets import Bool, Float, Integer, List, Unicode
from traitlets.config import Configurable

from .helpers import learner_helpers

MiB = 1024 * 1024


WARM_IMPORTS = ["ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger", "IPython",
                "zmq", "tornado", "comm", "ipywidgets", "matplotlib", "matplotlib.pyplot",
                "matplotlib_inline.backend_inline", "numpy", "pandas", *learner_helpers()]


class Curriculum(Configurable):
    """Course policy: module order, marks, reading level, grading limits and what feedback shows."""

    module_order = List(Unicode(), help="Module ids in teaching order. A module not listed comes after "
                                        "the listed ones, in name order.").tag(config=True)

    pass_mark = Float(50.0, help="Percent at or above which an assignment counts as completed "
                                 "(in the report and on transcripts).").tag(config=True)
    good_mark = Float(70.0, help="Percent at or above which the report shows a score as good.").tag(config=True)
    learners_have_accounts = Bool(False, help="Each learner has a Unix account named as their learner id (a "
                                              "classroom server). Collect then refuses a submission with files "
                                              "owned by any other account. Off on one computer, where every "
                                              "learner's JupyterLab runs as the same user.").tag(config=True)
    quiet_days = Integer(14, help="Days without a submission after which the report lists a learner "
                                  "as maybe stuck.").tag(config=True)

    readability_grade = Float(6.0, help="Highest Flesch–Kincaid grade the learner-facing text of a notebook, "
                                        "and its hints and mistake messages together, may read at (the "
                                        "readability gate).").tag(config=True)
    max_sentence_words = Integer(20, help="Most words a sentence of learner-facing text, a hint or a mistake "
                                          "message may have (the readability gate).").tag(config=True)
    mistake_timeout = Integer(60, help="Seconds a cell may run while the mistakes-caught gate tries a "
                                       "recorded mistake.").tag(config=True)

    show_hidden_tests_in_feedback = Bool(False, help="Show the code of hidden tests on feedback pages. "
                                                     "Off: pages show each hidden test's result and message "
                                                     "only, so they are safe to hand out.").tag(config=True)

    max_notebook_bytes = Integer(20 * MiB, help="Largest submitted notebook that is graded; a larger one is "
                                                "kept but not graded.").tag(config=True)
    sandbox_memory = Integer(1536 * MiB, help="Bytes of memory (address space) a sandboxed grading kernel "
                                              "may use.").tag(config=True)
    sandbox_cpu_seconds = Integer(120, help="CPU seconds a sandboxed kernel may use for a whole "
                                            "notebook.").tag(config=True)
    sandbox_processes = Integer(64, help="Processes a sandboxed kernel may run at once.").tag(config=True)
    sandbox_file_size = Integer(50 * MiB, help="Largest file, in bytes, a sandboxed kernel may "
                                               "write.").tag(config=True)
    sandbox_open_files = Integer(256, help="Files a sandboxed kernel may have open at once.").tag(config=True)
    warm_imports = List(Unicode(), WARM_IMPORTS, help="Modules the warm kernel server imports once, so that no "
                        "learner's kernel pays for them again (a module that is not installed is "
                        "skipped).").tag(config=True)
