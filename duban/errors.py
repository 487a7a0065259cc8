"""The error family: every user-facing failure carries a Chinese message that says what to fix."""

from __future__ import annotations

from duban.records import NamedTuple


class DubanError(Exception):
    """A user error: the CLI prints the message on one line and exits with exit_code (1)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(DubanError):
    """An argument or a file's content is wrong."""


class UsageError(DubanError):
    """A command line the parser cannot take: an option value of the wrong type or outside its
    fixed choices. Exit status 2, as for a missing option."""

    exit_code = 2


class NotFoundError(DubanError):
    """A case, a unit or the office repository is not there."""


class RepositoryError(DubanError):
    """The office repository is in a state the command cannot work with."""


class LifecycleError(DubanError):
    """A step the procedure does not allow in the case's current state."""


class LockedError(DubanError):
    """Another duban process holds the office repository's lock."""


class ProblemsError(DubanError):
    """Several located problems at once (a batch that cannot be registered): one line each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class Problem(NamedTuple):
    """One validation problem, as `duban check` prints it: file, line, message."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class YamlSyntaxError(Exception):
    """A file that is not YAML, with the line where reading stopped (None when unknown)."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
