"""The README's quick start as a new user runs it: a fresh clone of this repository, a new shell
with nothing on PATH but the system's (env -i), step 0's `make install` into HOME first, then every
line of the block, each exiting 0 and printing what its `# →` says. Run by `make install-check`.

Usage: python tests/quickstart_check.py [REPOSITORY]   (default: this checkout's HEAD)"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from test_readme import runnable_blocks  # noqa: E402


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent
    with tempfile.TemporaryDirectory(prefix="duban-quickstart-") as scratch:
        clone = Path(scratch) / "duban"
        subprocess.run(["git", "clone", "--quiet", str(source), str(clone)], check=True)
        home = Path(scratch) / "home"
        home.mkdir()
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
        readme = (clone / "README.md").read_text(encoding="utf-8")
        _, commands = runnable_blocks(readme)[0]
        cwd = clone
        for line, command, expected in commands:
            where = f"README.md:{line}: {command}"
            if command.startswith("cd "):
                cwd = Path(os.path.expanduser(command[3:].replace("~", str(home), 1))).resolve()
                continue
            if command.startswith("export "):
                done = subprocess.run(["bash", "-c", f"{command} && env -0"], env=env, capture_output=True, text=True)
                env = dict(item.split("=", 1) for item in done.stdout.split("\0") if "=" in item)
                continue
            done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                print(f"{where}\n退出状态 {done.returncode}\n{done.stdout}{done.stderr}", file=sys.stderr)
                return 1
            if expected is not None and expected not in done.stdout + done.stderr:
                print(f"{where}\n输出里没有“{expected}”：\n{done.stdout}{done.stderr}", file=sys.stderr)
                return 1
        leftovers = [p for p in ("build", "duban.egg-info") if (clone / p).exists()]
        if leftovers:
            print(f"make install 在检出目录里留下了 {'、'.join(leftovers)}", file=sys.stderr)
            return 1
    print(f"快速上手检查通过：{len(commands)} 条命令在全新克隆、只有系统 PATH 的 shell 里照原样运行")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
