"""The exporter of feedback pages, kept apart from the HTML exporter the Formgrader uses."""

from __future__ import annotations

from nbconvert.exporters import HTMLExporter


class OfflineFeedbackExporter(HTMLExporter):
    """nbgrader's feedback page with nothing loaded from the internet (see templates/feedback_offline).

    Configured under its own name, so that the Formgrader's pages keep their own template.
    """
