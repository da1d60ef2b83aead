"""Code Forward: the toolkit behind an offline, autograded coding curriculum.

The package is laid out by who each part serves:

- **learners**: ``checks``, ``htmlcheck`` and ``explain``, the helpers that notebook test cells import.
  They import nothing else of the toolkit, so their import paths never change.
- **curriculum authors**: ``author`` (``new`` modules and assignments, ``readability``,
  the quality ``gates`` and their ``report``).
- **instructors**: ``classroom`` (``operations``: release, collect, feedback, export;
  ``grading`` with its ``diagnosis``; ``media`` for USB sticks; ``lab``,
  the JupyterLab views; ``records``, ``pages`` and ``progress``; nbgrader ``preprocessors``
  and ``exporters``).
- **shared**: ``core`` (``catalog``, ``course`` paths from nbgrader's CourseDirectory,
  ``engine`` for running nbgrader, ``kernels`` and the ``sandbox`` with its warm kernel
  server, on which both grading and the gates run learner code; ``notebook`` I/O, ``build``,
  ``settings``, ``table``)
  and ``errors``, the one error base.

``author`` and ``classroom`` both build on ``core`` and never import each other;
``cli`` is the thin command line over all of it. ``modules/`` holds the catalog.
"""
