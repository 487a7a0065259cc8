"""A fake `git` on PATH that kills the whole duban process group at its N-th call (or at the first
call whose arguments contain a word), optionally leaving git's index.lock behind as a git killed
mid-write would (never for a call with --no-optional-locks: such a git takes no lock); every other
call runs the real git."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SCRIPT = """#!/bin/sh
count_file="$DUBAN_FAKE_GIT_DIR/count"
n=$(( $(cat "$count_file" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$count_file"
kill_now=0
if [ -n "$DUBAN_KILL_AT" ] && [ "$n" -eq "$DUBAN_KILL_AT" ]; then kill_now=1; fi
if [ -n "$DUBAN_KILL_ON" ]; then
  case " $* " in *" $DUBAN_KILL_ON "*) kill_now=1 ;; esac
fi
if [ "$kill_now" = 1 ]; then
  case " $* " in
    *" --no-optional-locks "*) ;;
    *) if [ "$DUBAN_KILL_MODE" = lock ] && [ -d .git ]; then : > .git/index.lock; fi ;;
  esac
  kill -9 -$(ps -o pgid= -p $$ | tr -d ' ')
  sleep 5
fi
exec "$DUBAN_REAL_GIT" "$@"
"""


def install(folder: Path) -> Path:
    """Write the fake git into folder; returns the folder to put first on PATH."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "git"
    script.write_text(SCRIPT, encoding="utf-8")
    script.chmod(0o755)
    return folder


def run_killed(
    args: list[str],
    cwd: Path,
    fake: Path,
    env: dict[str, str],
    *,
    at: int | None = None,
    on: str | None = None,
    mode: str = "plain",
) -> tuple[bool, int]:
    """Run duban in its own process group under the fake git; (killed?, git calls made)."""
    count = fake / "count"
    count.unlink(missing_ok=True)
    real = shutil.which("git", path=os.environ.get("PATH"))
    assert real is not None
    full = {
        **env,
        "PATH": f"{fake}{os.pathsep}{env.get('PATH', os.environ.get('PATH', ''))}",
        "DUBAN_FAKE_GIT_DIR": str(fake),
        "DUBAN_REAL_GIT": real,
        "DUBAN_KILL_MODE": mode,
        "DUBAN_KILL_AT": str(at or ""),
        "DUBAN_KILL_ON": on or "",
    }
    done = subprocess.run(
        [sys.executable, "-m", "duban", *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        start_new_session=True,
        timeout=120,
    )
    calls = int(count.read_text().strip()) if count.exists() else 0
    return done.returncode == -9, calls
