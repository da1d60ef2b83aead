"""The exporter of feedback pages, kept apart from the HTML exporter the Formgrader uses."""

from __future__ import annotations

from pathlib import Path

from nbconvert.exporters import HTMLExporter

#: The course's page templates: offline feedback, the Formgrader's pages, reports and transcripts.
TEMPLATES = Path(__file__).parent / "templates"


class OfflineFeedbackExporter(HTMLExporter):
    """nbgrader's feedback page with nothing loaded from the internet (see templates/feedback_offline).

    Configured under its own name, so that the Formgrader's pages keep their own template.
    """
