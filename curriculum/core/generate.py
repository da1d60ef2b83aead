"""The course's step in nbgrader's generate_assignment, which makes release/ from source/."""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.converters import GenerateAssignment
from nbgrader.preprocessors import NbGraderPreprocessor

from .notebook import is_test


class CollapseTestCells(NbGraderPreprocessor):
    """Collapses each test cell of the learner version: JupyterLab shows its output, not its code."""

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        if is_test(cell):
            cell.metadata.setdefault("jupyter", NotebookNode())["source_hidden"] = True
        return cell, resources


def generate_steps() -> list[type]:
    """nbgrader's steps for generating an assignment, then the collapsing of test cells."""
    return [*GenerateAssignment.class_traits()["preprocessors"].default(), CollapseTestCells]
