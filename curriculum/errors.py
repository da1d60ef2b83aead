"""The errors the toolkit raises for people: each says what went wrong and what to do.

Every one derives from :class:`CurriculumError`. The command line catches that base
alone and prints the message; any other exception is a bug and shows its traceback.
"""

from __future__ import annotations


class CurriculumError(Exception):
    """A problem a person can fix; the message says how."""


class CourseNotFound(CurriculumError):
    """No course directory here or above."""


class CatalogError(CurriculumError):
    """A module file or an assignment id that cannot be used, with what to write instead."""


class MistakesFileError(CurriculumError):
    """A recorded-mistakes file that cannot be read, with what to write instead."""


class NbgraderFailed(CurriculumError):
    """An nbgrader command or API call ended with an error."""


class MissingTool(CurriculumError):
    """A program the work needs is not installed; the message says how to install it."""


class ClassroomError(CurriculumError):
    """An instructor's request that cannot be carried out as asked (a learner id, a port, a file)."""


class KernelServerError(CurriculumError):
    """The warm kernel server could not start or stopped; the message says what it last said."""
