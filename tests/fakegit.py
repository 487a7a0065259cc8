"""A fake `git` on PATH that kills the whole duban process group at its N-th call (or at every call
whose arguments contain one of some words), optionally leaving git's index.lock behind as a git
killed mid-write would (never for a call with --no-optional-locks: such a git takes no lock); every
other call runs the real git.

Who is killed (DUBAN_KILL_WHO): "group", duban with its git (the default); "git", only the git
process, while duban lives on and sees it die; "duban", only duban, while its git runs on (after
DUBAN_CHILD_DELAY seconds) as an orphan. DUBAN_KILL_MODE=after with "git": git does its work (a
commit made), then dies before it can say so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SCRIPT = """#!/bin/sh
count_file="$DUBAN_FAKE_GIT_DIR/count"
# Counted under a lock: duban starts some gits together (git status beside git ls-files), and
# two unlocked counts would both read the same number.
exec 9>>"$DUBAN_FAKE_GIT_DIR/count.lock"
flock 9
n=$(( $(cat "$count_file" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$count_file.$$" && mv -f "$count_file.$$" "$count_file"  # never seen half-written
echo "$n $*" >> "$DUBAN_FAKE_GIT_DIR/calls"
flock -u 9
exec 9>&-
kill_now=0
if [ -n "$DUBAN_KILL_AT" ] && [ "$n" -eq "$DUBAN_KILL_AT" ]; then kill_now=1; fi
for word in $DUBAN_KILL_ON; do
  case " $* " in *" $word "*) kill_now=1 ;; esac
done
if [ "$kill_now" = 1 ] && [ "$DUBAN_KILL_WHO" = duban ]; then
  sleep 0.2  # duban has handed git its input by now
  kill -9 $PPID
  sleep "${DUBAN_CHILD_DELAY:-0}"
  exec "$DUBAN_REAL_GIT" "$@"
fi
if [ "$kill_now" = 1 ] && [ "$DUBAN_KILL_MODE" = after ]; then
  "$DUBAN_REAL_GIT" "$@"
  kill -9 $$
fi
if [ "$kill_now" = 1 ]; then
  case " $* " in
    *" --no-optional-locks "*) ;;
    *) if [ "$DUBAN_KILL_MODE" = lock ] && [ -d .git ]; then : > .git/index.lock; fi ;;
  esac
  if [ "$DUBAN_KILL_WHO" = git ]; then kill -9 $$; fi
  kill -9 -$(ps -o pgid= -p $$ | tr -d ' ')
  sleep 5
fi
exec "$DUBAN_REAL_GIT" "$@"
"""


# The last run's outcome, for a test that reads what duban said.
last: subprocess.CompletedProcess[str] | None = None


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
    who: str = "group",
    delay: float = 0.0,
) -> tuple[bool, int]:
    """Run duban in its own process group under the fake git; (killed?, git calls made). With
    who="git" duban lives on: killed? then says whether it failed."""
    count = fake / "count"
    count.unlink(missing_ok=True)
    (fake / "calls").unlink(missing_ok=True)  # each call's arguments, for a test to say which was killed
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
        "DUBAN_KILL_WHO": who,
        "DUBAN_CHILD_DELAY": str(delay),
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
    global last
    last = done
    calls = int(count.read_text().strip()) if count.exists() else 0
    if who == "git":  # duban lives: "killed" means that one of its git calls was
        return done.returncode != 0, calls
    return done.returncode == -9, calls
