"""Writing a file so that it is never half-written: a temporary file in the same folder, fsync, rename."""

from __future__ import annotations

import os
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _create(path: Path) -> tuple[int, str]:
    """A new temporary file beside path, opened exclusively (as tempfile.mkstemp, without its import)."""
    for _ in range(100):
        temp = str(path.parent / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no temporary name free beside {path}")


def write_text(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, fsync, rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # .name.<pid>.<random>.tmp: the pid tells the next command whether the writer still runs.
    handle, temp = _create(path)
    try:
        try:
            mode = os.stat(path).st_mode & 0o777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(temp, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Never half a file; durable=False skips fsync, for a cache whose reader checks what it reads
    (a crash may leave it empty, never torn into something that reads back)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    with open(temp, "wb") as stream:
        stream.write(data)
        if durable:
            stream.flush()
            os.fsync(stream.fileno())
    os.replace(temp, path)
