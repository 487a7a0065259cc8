"""Several clerks, one true record (issue 25): every renumbering told, a renumbered case's whole
history, writing from fresh data, reminder numbers that never collide for good, duplicates named,
a sync killed at any git call, and what the merge driver voided or could not settle."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import fakegit
import pytest
from conftest import GIT_ENV, Duban, git
from test_sync import files

REFUSE_ONCE = """#!/bin/sh
if [ ! -f "$GIT_DIR/refused-once" ]; then
  : > "$GIT_DIR/refused-once"
  echo "busy, try again" >&2
  exit 1
fi
exit 0
"""


def refuse_next_push(remote: Path) -> None:
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(REFUSE_ONCE, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)


def test_every_renumbering_is_told_when_a_push_is_refused_once(
    two_clerks: tuple[Duban, Duban, str], tmp_path: Path
) -> None:
    a, b, _ = two_clerks
    a.today = b.today = "2026-10-09"
    a.new("甲一", "--lead-unit", "教育局")
    a.new("甲二", "--lead-unit", "教育局")
    mine = [b.new(title, "--lead-unit", "民政局") for title in ("乙一", "乙二", "乙三")]
    assert mine == ["2026-0002", "2026-0003", "2026-0004"]
    b("assign", "2026-0003", "--days", "5")
    b("render", "notice", "2026-0003")
    a("sync")
    refuse_next_push(tmp_path / "remote.git")
    out = b("sync").stdout
    assert "本地新立项的 2026-0002 与共享仓库重号，已改为 2026-0005（文号 督〔2026〕5号）" in out
    assert "本地新立项的 2026-0003 与共享仓库重号，已改为 2026-0006（文号 督〔2026〕6号）" in out
    assert "请重新生成：out/2026-0003-政务督办通知-区民政局.md（用的是旧编号）" in out
    assert (tmp_path / "remote.git" / "refused-once").exists()
    assert a("sync", "--quiet").stdout == ""  # cron's sync: nothing to tell, nothing mailed
    assert files(a) == files(b)


def test_log_follows_a_renumbered_case_from_its_registration(two_clerks: tuple[Duban, Duban, str]) -> None:
    a, b, _ = two_clerks
    a.today = b.today = "2026-10-09"
    a.new("甲新立项", "--lead-unit", "教育局")
    mine = b.new("乙新立项", "--lead-unit", "民政局")
    b("assign", mine, "--days", "5")
    a("sync")
    b("sync")
    a("sync")
    for clerk in (a, b):
        entries = json.loads(clerk("log", "2026-0003", "--json").stdout)
        assert [e["动作"] for e in entries] == ["立项", "交办", "重新编号"]
        assert entries[0]["经办人"] == "王芳"
        shown = clerk("log", "2026-0003").stdout
        assert "立项" in shown and "2026-0002 → 2026-0003" in shown
        events = json.loads(clerk("show", "2026-0003", "--json").stdout)["办理过程"]
        assert [e["动作"] for e in events] == ["立项", "交办"]
    # The number the other clerk kept has its own story only.
    entries = json.loads(a("log", "2026-0002", "--json").stdout)
    assert [e["动作"] for e in entries] == ["立项"] and entries[0]["经办人"] == "李明"


def test_two_offline_written_reminders_get_two_numbers(two_clerks: tuple[Duban, Duban, str]) -> None:
    a, b, shared = two_clerks
    a.today = b.today = "2026-10-09"
    other = a.new("另一事项", "--lead-unit", "教育局")
    a("assign", other, "--deadline", "2026-10-12")
    a.today = b.today = "2026-10-20"
    a("sync")
    b("sync")
    a("remind", other, "--note", "甲催办")
    b("remind", shared, "--note", "乙催办")
    b("render", "reminder", shared)
    number = "督催〔2026〕1号"
    for clerk, case in ((a, other), (b, shared)):
        events = json.loads(clerk("show", case, "--json").stdout)["办理过程"]
        assert events[-1]["文号"] == number
    a("sync")
    out = b("sync").stdout
    assert f"事项 {shared} 本地的催办通知 {number} 与共享仓库重号，已改为 督催〔2026〕2号" in out
    assert f"请重新生成：out/{shared}-催办通知-区财政局.md（用的是旧编号）" in out
    a("sync")
    assert files(a) == files(b)
    numbers = {json.loads(a("show", case, "--json").stdout)["办理过程"][-1]["文号"] for case in (shared, other)}
    assert numbers == {"督催〔2026〕1号", "督催〔2026〕2号"}
    for clerk in (a, b):
        assert clerk("check").exit_code == 0
    assert "重新编号" in b.git("log", "-1", "--format=%B", "HEAD^1")


def test_a_case_registered_on_both_clones_is_named(two_clerks: tuple[Duban, Duban, str]) -> None:
    a, b, _ = two_clerks
    a.today = b.today = "2026-10-09"
    a.new("同一件事", "--lead-unit", "教育局")
    b.new("同一件事", "--lead-unit", "教育局")
    b.new("另一件事", "--lead-unit", "教育局")
    a("sync")
    out = b("sync").stdout
    assert "事项 2026-0004 与 2026-0002 可能是重复登记（标题、主办单位、立项日期都相同）" in out
    assert "duban void 2026-0004 --reason 重复登记 --approved-by" in out
    assert "2026-0003 与" not in out


# -- the merge driver's reports (a fake driver stands in for the lead's) ------------------------

FAKE_DRIVER = """#!/bin/sh
# Called as: python -m duban merge-file %O %A %B %P
if [ -n "$DUBAN_MERGE_KEEP" ]; then echo "$DUBAN_MERGE_KEEP" > "$FAKE_LOG"; fi
if [ "$DUBAN_MERGE_KEEP" = theirs ]; then cp "$6" "$5"; exit 0; fi
if [ -n "$FAKE_VOIDED" ]; then printf '%s\\n' "$FAKE_VOIDED" >> .duban/merge-voided; fi
if [ -n "$FAKE_CONFLICT" ]; then printf '%s\\n' "$FAKE_CONFLICT" >> .duban/merge-conflicts; exit 1; fi
exec "$REAL_PYTHON" "$@"
"""


@pytest.fixture
def fake_driver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """sync registers the driver with the Python running it: a script in its place."""
    script = tmp_path / "fake-python"
    script.write_text(FAKE_DRIVER, encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("REAL_PYTHON", sys.executable)
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "keep.log"))
    monkeypatch.setattr(sys, "executable", str(script))
    return tmp_path / "keep.log"


def test_voided_events_are_told_and_their_numbers_retired(
    two_clerks: tuple[Duban, Duban, str], fake_driver: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, shared = two_clerks
    a.today = b.today = "2026-10-20"
    a("report", shared, "--unit", "财政局", "--signer", "钱正明", "--text", "已完成", "--final")
    b("remind", shared, "--note", "乙催办")
    a("sync")
    voided = {"事项": shared, "日期": "2026-10-20", "动作": "催办", "经办人": "王芳", "原因": "合并后晚于办结报告",
              "文号": "督催〔2026〕1号"}  # fmt: skip
    monkeypatch.setenv("FAKE_VOIDED", json.dumps(voided, ensure_ascii=False))
    out = b("sync").stdout
    assert f"事项 {shared} 的催办（2026-10-20，王芳）已作废：合并后晚于办结报告" in out
    assert "督催〔2026〕1号" in (b.root / "cases" / "2026" / ".retired").read_text(encoding="utf-8").split()
    assert b.git("status", "--porcelain") == ""
    assert "已作废" in b.git("log", "-1", "--format=%B")


def test_a_conflict_names_who_set_each_side_and_how_to_settle(
    two_clerks: tuple[Duban, Duban, str], fake_driver: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, shared = two_clerks
    a.today = b.today = "2026-10-08"
    a("extend", shared, "--to", "2026-10-20", "--reason", "需协调", "--approved-by", "张强")
    b("extend", shared, "--to", "2026-10-30", "--reason", "需测算", "--approved-by", "李红")
    a("sync")
    before = (b.git("rev-parse", "HEAD"), files(b))
    conflict = {"事项": shared, "字段": "办理时限", "本地": "2026-10-30", "共享仓库": "2026-10-20",
                "本地经办人": "王芳", "共享仓库经办人": "李明"}  # fmt: skip
    monkeypatch.setenv("FAKE_CONFLICT", json.dumps(conflict, ensure_ascii=False))
    result = b("sync", ok=False)
    assert result.exit_code == 1
    assert "本地：2026-10-30（王芳所改）；共享仓库：2026-10-20（李明所改）" in result.stderr
    assert "duban sync --keep 本地" in result.stderr and "duban sync --keep 共享仓库" in result.stderr
    assert (b.git("rev-parse", "HEAD"), files(b)) == before
    assert b("sync", "--keep", "别的", ok=False).exit_code == 1
    b("sync", "--keep", "共享仓库")
    assert fake_driver.read_text(encoding="utf-8").strip() == "theirs"
    assert json.loads(b("show", shared, "--json").stdout)["办理时限"] == "2026-10-20"


# -- writing from fresh data ----------------------------------------------------------------------


def test_cron_reminds_from_the_shared_record(two_clerks: tuple[Duban, Duban, str]) -> None:
    a, b, shared = two_clerks
    b.today = "2026-10-09"
    b("report", shared, "--unit", "财政局", "--signer", "钱正明", "--text", "已完成", "--final")
    b("sync")
    a.today = "2026-10-20"
    result = a("overdue", "--remind", "--format", "plain")
    assert "已催办" not in result.stdout
    case = json.loads(a("show", shared, "--json").stdout)
    assert case["状态"] == "待审核" and case["催办次数"] == 0


def test_cron_offline_reminds_from_the_local_record_and_says_so(
    two_clerks: tuple[Duban, Duban, str], tmp_path: Path
) -> None:
    a, _, shared = two_clerks
    a.git("remote", "set-url", "origin", str(tmp_path / "no-such-remote.git"))
    a.today = "2026-10-20"
    result = a("overdue", "--remind", "--quiet")
    assert f"已催办 1 项：{shared}" in result.stdout
    said = [line for line in result.stderr.splitlines() if "共享仓库" in line]
    assert len(said) == 1 and said[0].startswith("未能先与共享仓库同步，本次按本机记录催办")


def test_a_recorded_bulletin_is_counted_from_the_shared_record(
    two_clerks: tuple[Duban, Duban, str], tmp_path: Path
) -> None:
    a, b, shared = two_clerks
    b.today = "2026-10-09"
    b("report", shared, "--unit", "财政局", "--signer", "钱正明", "--text", "已完成", "--final")
    b("close", shared)
    b("sync")
    a.today = "2026-10-20"
    a("bulletin", "--from", "2026-09-01", "--to", "2026-10-20", "--record")
    text = (a.root / "out" / "督查通报-2026年第1期.md").read_text(encoding="utf-8")
    assert "按期办结1项" in text and "逾期未办结的事项" not in text
    assert "未与共享仓库同步" not in text

    a.git("remote", "set-url", "origin", str(tmp_path / "no-such-remote.git"))
    refused = a("bulletin", "--from", "2026-10-01", "--to", "2026-10-20", "--record", ok=False)
    assert refused.exit_code == 1 and "通报未登记" in refused.stderr and "--offline" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    fetched = (a.root / ".git" / "FETCH_HEAD").resolve()
    moment = dt.datetime(2026, 10, 19, 12).timestamp()
    os.utime(fetched, (moment, moment))
    a("bulletin", "--from", "2026-10-01", "--to", "2026-10-20", "--record", "--offline")
    text = (a.root / "out" / "督查通报-2026年第2期.md").read_text(encoding="utf-8")
    assert "（数据截至 2026-10-19，未与共享仓库同步）" in text
    assert a("bulletin", "--from", "2026-10-01", "--to", "2026-10-20", "--offline", ok=False).exit_code == 1


# -- a sync killed at any git call --------------------------------------------------------------


def test_a_renumbering_sync_killed_at_any_git_call_loses_nothing(
    two_clerks: tuple[Duban, Duban, str], tmp_path: Path
) -> None:
    """Killed (the whole process group, SIGKILL) at each git call of a sync that renumbers a case
    and a 催办通知: the clone is as before or holds the whole sync, and the next sync completes it.
    The calls that change something in make test; every call, also leaving git's index.lock, in
    make stress (DUBAN_STRESS=1)."""
    a, b, shared = two_clerks
    a.today = b.today = "2026-10-20"
    a.new("甲新立项", "--lead-unit", "教育局")
    a("remind", shared, "--note", "甲催办")
    a("sync")
    b.new("乙新立项", "--lead-unit", "民政局")
    b("remind", shared, "--note", "乙催办")
    b.git("remote", "set-url", "origin", "../remote.git")
    world = tmp_path / "world"
    world.mkdir()
    shutil.copytree(tmp_path / "remote.git", world / "remote.git")
    shutil.copytree(b.root, world / "b")
    fake = fakegit.install(tmp_path / "fakegit")
    args = ["--repo", ".", "--as-of", b.today, "--by", b.by, "sync"]

    def trial(name: str) -> Path:
        place = tmp_path / name
        shutil.copytree(world, place)
        return place / "b"

    whole = trial("whole")
    killed, calls = fakegit.run_killed(args, whole, fake, GIT_ENV)
    assert not killed and calls > 10
    before, after = files(Duban(world / "b")), files(Duban(whole))
    assert before != after and "cases/2026/2026-0003.yaml" in after

    if os.environ.get("DUBAN_STRESS"):
        plans = [(f"at{n}{mode}", {"at": n, "mode": mode}) for n in range(1, calls + 1) for mode in ("plain", "lock")]
    else:  # the steps that change something, and a sample of the others
        words = ("commit-tree", "merge-tree", "--ff-only", "push")
        plans = [(word, {"on": word}) for word in words] + [(f"at{n}", {"at": n}) for n in range(1, calls + 1, 7)]
    kills = 0
    for name, how in plans:
        clone = trial(name)
        killed, _ = fakegit.run_killed(args, clone, fake, GIT_ENV, **how)  # type: ignore[arg-type]
        if not killed:
            continue  # a step this sync does not take
        kills += 1
        now = files(Duban(clone))
        assert now in (before, after), name
        again = subprocess.run(
            [sys.executable, "-m", "duban", *args], cwd=clone, capture_output=True, text=True, env=GIT_ENV, timeout=120
        )
        assert again.returncode == 0, f"{name}: {again.stderr}"
        assert files(Duban(clone)) == after, name
        assert git("status", "--porcelain", cwd=clone) == "", name
        assert not (clone / ".duban" / "journal.json").exists(), name
    assert kills >= 6

    # Killed while git's fast-forward was writing the work tree: some files new, the branch not moved.
    clone = trial("half-written")
    killed, _ = fakegit.run_killed(args, clone, fake, GIT_ENV, on="--ff-only")
    assert killed
    changed = next(rel for rel, text in after.items() if before.get(rel) not in (None, text))
    (clone / changed).write_text(after[changed], encoding="utf-8")
    again = subprocess.run(
        [sys.executable, "-m", "duban", *args], cwd=clone, capture_output=True, text=True, env=GIT_ENV, timeout=120
    )
    assert again.returncode == 0, again.stderr
    assert files(Duban(clone)) == after
    assert git("status", "--porcelain", cwd=clone) == ""
    assert "手工修改" not in git("log", "--format=%B", "-n", "10", cwd=clone)


def test_numbers_retired_on_both_clones_are_no_case_to_renumber(two_clerks: tuple[Duban, Duban, str]) -> None:
    a, b, _ = two_clerks
    a.today = b.today = "2026-10-09"
    a.new("甲登记错了", "--lead-unit", "教育局")
    a("undo")
    kept = a.new("甲新立项", "--lead-unit", "教育局")
    for title in ("乙登记错了", "乙又登记错了"):
        b.new(title, "--lead-unit", "民政局")
    b("undo")
    b("undo")
    mine = b.new("乙新立项", "--lead-unit", "民政局")
    assert (kept, mine) == ("2026-0003", "2026-0004")
    a("sync")
    b("sync")
    a("sync")
    assert files(a) == files(b)
    retired = (b.root / "cases" / "2026" / ".retired").read_text(encoding="utf-8").split()
    assert sorted(set(retired)) == ["2026-0002", "2026-0003"]
    titles = {json.loads(b("show", i, "--json").stdout)["标题"] for i in ("2026-0003", "2026-0004")}
    assert titles == {"甲新立项", "乙新立项"}


def test_one_table_imported_on_both_clones_is_named_case_by_case(two_clerks: tuple[Duban, Duban, str]) -> None:
    a, b, _ = two_clerks
    a.today = b.today = "2026-10-20"
    table = str(Path(__file__).parent / "task-table-example.csv")
    a("import", "table", table)
    b("import", "table", table)
    imported = len(list((a.root / "cases" / "2026").glob("*.yaml"))) - 1
    a("sync")
    out = b("sync").stdout
    named = [line for line in out.splitlines() if "可能是重复登记（导入指纹相同" in line]
    assert len(named) == imported >= 2
    assert all("duban void" in line for line in named)


def test_a_push_refused_for_good_still_tells_the_renumbering(
    two_clerks: tuple[Duban, Duban, str], tmp_path: Path
) -> None:
    a, b, _ = two_clerks
    a.today = b.today = "2026-10-09"
    a.new("甲新立项", "--lead-unit", "教育局")
    b.new("乙新立项", "--lead-unit", "民政局")
    a("sync")
    hook = tmp_path / "remote.git" / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho closed >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    result = b("sync", ok=False)
    assert result.exit_code == 1 and "共享仓库拒绝了推送" in result.stderr
    assert "本地改了编号：2026-0002 → 2026-0003" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert json.loads(b("show", "2026-0003", "--json").stdout)["标题"] == "乙新立项"


def test_a_case_renumbered_by_two_attempts_is_told_once_from_the_number_the_clerk_knew() -> None:
    from duban.usecases.sync import _composed

    earlier = (("2026-0042", "2026-0045", "督〔2026〕45号"), ("2026-0043", "2026-0046", "督〔2026〕46号"))
    later = (("2026-0045", "2026-0047", "督〔2026〕47号"),)
    assert _composed(earlier, later) == (
        ("2026-0043", "2026-0046", "督〔2026〕46号"),
        ("2026-0042", "2026-0047", "督〔2026〕47号"),
    )
