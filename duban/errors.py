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


_OS_SAID = {
    "EROFS": "文件系统是只读的",
    "EACCES": "没有权限",
    "EPERM": "不允许这样操作（权限）",
    "ENOSPC": "磁盘已满",
    "EDQUOT": "超出磁盘配额",
    "ENOENT": "文件或目录不存在",
    "EEXIST": "已经有同名的文件",
    "EISDIR": "这是一个目录，不是文件",
    "ENOTDIR": "路径中有一段不是目录",
    "ENAMETOOLONG": "文件名太长",
    "EMFILE": "同时打开的文件太多",
    "ENFILE": "系统同时打开的文件太多",
    "EIO": "读写磁盘出错",
    "EBUSY": "文件正被占用",
    "ETXTBSY": "文件正被占用",
    "ELOOP": "符号链接绕成了环",
    "EXDEV": "不能跨磁盘移动文件",
    "ENOTEMPTY": "目录不是空的",
    "EFBIG": "文件太大",
    "ENXIO": "设备不存在",
    "ENODEV": "设备不存在",
    "EINVAL": "参数不对",
}


def os_said(error: OSError) -> str:
    """An operating system error in Chinese (its own words only with DUBAN_DEBUG=1)."""
    import errno
    import os

    name = errno.errorcode.get(error.errno or 0, "")
    said = _OS_SAID.get(name, f"系统错误 {name or error.errno}")
    if os.environ.get("DUBAN_DEBUG"):
        said += f"（{error.strerror or error}）"
    return said
