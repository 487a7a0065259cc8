"""Who reads what duban prints: every reading command computes its answer from what the office and
the reader are now (no answer kept and given again), a run on no terminal without --by is no one
inside a 知情范围 unless config.yaml names the reader of the office's automatic output, and a
sub-case keeps its parent's 知情范围."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import Duban

TODAY = "2026-09-30"


def _env(tmp_path: Path, **changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DUBAN_", "GIT_", "XDG_"))}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {**env, "HOME": str(home), "DUBAN_TODAY": TODAY, **changes}


def _run(root: Path, *args: str, env: dict[str, str], terminal: bool = True) -> subprocess.CompletedProcess[str]:
    """duban as its own process, as a clerk runs it (stdin a terminal) or as cron does (no terminal)."""
    command = [sys.executable, "-m", "duban", "--repo", str(root), *args]
    if not terminal:
        return subprocess.run(command, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=root)
    leader, follower = os.openpty()
    try:
        return subprocess.run(command, env=env, capture_output=True, text=True, stdin=follower, cwd=root)
    finally:
        os.close(leader)
        os.close(follower)


def restricted(office: Duban, title: str = "某局长违纪线索核查") -> str:
    office.today = "2026-09-22"
    case_id = office.new(title, "--lead-unit", "财政局", "--restricted-to", "李明")
    office("assign", case_id, "--deadline", "2026-09-29")
    return case_id


# -- no answer is given again ---------------------------------------------------------------------


def settle() -> None:
    """Let the last write grow a second old: the replay this replaced kept an answer only then."""
    time.sleep(1.1)


def test_a_changed_git_user_name_changes_the_answer(office: Duban, tmp_path: Path) -> None:
    case_id = restricted(office)
    settle()
    gitconfig = tmp_path / "gitconfig"
    env = _env(tmp_path, GIT_CONFIG_GLOBAL=str(gitconfig))
    gitconfig.write_text("[user]\n\tname = 李明\n", encoding="utf-8")
    for _ in range(2):
        assert "某局长违纪线索核查" in _run(office.root, "show", case_id, env=env).stdout
    gitconfig.write_text("[user]\n\tname = 王芳\n", encoding="utf-8")
    out = _run(office.root, "show", case_id, env=env).stdout
    assert "某局长违纪线索核查" not in out and "受控事项" in out


def test_a_user_name_under_xdg_config_home_is_read_every_time(office: Duban, tmp_path: Path) -> None:
    restricted(office)
    settle()
    xdg = tmp_path / "xdg"
    (xdg / "git").mkdir(parents=True)
    env = _env(tmp_path, XDG_CONFIG_HOME=str(xdg))
    (xdg / "git" / "config").write_text("[user]\n\tname = 李明\n", encoding="utf-8")
    for _ in range(2):
        assert "某局长违纪线索核查" in _run(office.root, "list", env=env).stdout
    (xdg / "git" / "config").write_text("[user]\n\tname = 王芳\n", encoding="utf-8")
    out = _run(office.root, "list", env=env).stdout
    assert "某局长违纪线索核查" not in out and "受控事项" in out


def test_an_edited_input_outside_the_office_changes_the_answer(office: Duban, tmp_path: Path) -> None:
    # config.yaml a link to a file kept elsewhere: editing that file changes the next answer.
    office.today = "2026-09-22"
    case_id = office.new("逾期事项", "--lead-unit", "财政局")
    office("assign", case_id, "--deadline", "2026-09-29")
    kept = tmp_path / "config-kept.yaml"
    kept.write_text((office.root / "config.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (office.root / "config.yaml").unlink()
    (office.root / "config.yaml").symlink_to(kept)
    env = _env(tmp_path, DUBAN_USER="李明")
    settle()
    first = _run(office.root, "overdue", "--format", "plain", env=env).stdout
    assert first == _run(office.root, "overdue", "--format", "plain", env=env).stdout
    text = kept.read_text(encoding="utf-8")
    kept.write_text(text.replace("示范区人民政府办公室", "示范区政府督查室"), encoding="utf-8")
    assert _run(office.root, "overdue", "--format", "plain", env=env).stdout != first
    assert not (office.root / ".duban" / "replay").exists()


# -- who reads what runs on no terminal -------------------------------------------------------------


def _clone_identity(tmp_path: Path, name: str = "李明") -> dict[str, str]:
    """The clone's git user.name is a clerk inside the 知情范围, as on the office's server."""
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text(f"[user]\n\tname = {name}\n", encoding="utf-8")
    return _env(tmp_path, GIT_CONFIG_GLOBAL=str(gitconfig))


def test_cron_without_by_reads_as_an_outsider(office: Duban, tmp_path: Path) -> None:
    case_id = restricted(office)
    env = _clone_identity(tmp_path)
    for args in (["overdue", "--format", "plain"], ["list"], ["show", case_id], ["overdue", "--format", "json"]):
        out = _run(office.root, *args, env=env, terminal=False).stdout
        assert "某局长违纪线索核查" not in out and "受控事项" in out, args
    # 默认经办人 names who works at the keyboard, not who reads the mail.
    config = office.root / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("默认经办人: null", "默认经办人: 李明"), encoding="utf-8"
    )
    out = _run(office.root, "overdue", "--format", "plain", env=env, terminal=False).stdout
    assert "某局长违纪线索核查" not in out and "受控事项" in out


def test_a_clerk_at_a_terminal_or_naming_himself_still_reads_the_title(office: Duban, tmp_path: Path) -> None:
    case_id = restricted(office)
    env = _clone_identity(tmp_path)
    assert "某局长违纪线索核查" in _run(office.root, "show", case_id, env=env).stdout
    named = {**env, "DUBAN_USER": "李明"}
    assert "某局长违纪线索核查" in _run(office.root, "overdue", "--format", "plain", env=named, terminal=False).stdout
    by = _run(office.root, "--by", "李明", "list", env=env, terminal=False).stdout
    assert "某局长违纪线索核查" in by


def test_config_names_the_reader_of_the_automatic_output(office: Duban, tmp_path: Path) -> None:
    restricted(office)
    env = _clone_identity(tmp_path, "王芳")
    config = office.root / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("自动输出读者: null", "自动输出读者: 李明"), encoding="utf-8")
    out = _run(office.root, "overdue", "--format", "plain", env=env, terminal=False)
    assert "某局长违纪线索核查" in out.stdout, out.stderr
    # At a terminal the reader is who sits there (git's user.name 王芳), not the mail's reader.
    assert "某局长违纪线索核查" not in _run(office.root, "list", env=env).stdout


def test_the_reader_of_the_automatic_output_is_checked(office: Duban) -> None:
    config = office.root / "config.yaml"
    text = config.read_text(encoding="utf-8").replace("经办人: []", "经办人: [李明, 王芳]")
    config.write_text(text.replace("自动输出读者: null", "自动输出读者: 赵六"), encoding="utf-8")
    done = office("check", ok=False)
    assert done.exit_code == 1
    assert "自动输出读者“赵六”不在“经办人”名单中" in done.stdout + done.stderr


# -- a sub-case keeps its parent's 知情范围 ----------------------------------------------------------


def test_a_sub_case_inherits_its_parents_circle(office: Duban) -> None:
    parent = restricted(office)
    child = office.new("核查线索中的资金往来", "--lead-unit", "交通局", "--parent", parent)
    assert "知情范围: [李明]" in office.file(child).read_text(encoding="utf-8")
    told = office(
        "new", "--title", "第三条线索", "--source-kind", "会议议定", "--lead-unit", "交通局", "--parent", parent
    )
    assert f"子事项沿用上级事项 {parent} 的知情范围（李明）" in told.stderr
    office.by = "王芳"
    for args in (["list"], ["show", child], ["show", parent], ["list", "--json"]):
        out = office(*args).stdout
        assert "核查线索中的资金往来" not in out and "某局长违纪线索核查" not in out, args
    # Even registered by someone outside the circle, the sub-case is in it.
    other = office.new("另一条线索", "--lead-unit", "交通局", "--parent", parent)
    assert "另一条线索" not in office("show", other).stdout


def test_only_someone_inside_the_circle_may_change_a_sub_cases_circle(office: Duban) -> None:
    parent = restricted(office)
    office.by = "王芳"
    refused = office("new", "--title", "放宽的子事项", "--source-kind", "会议议定", "--lead-unit", "交通局",
                     "--parent", parent, "--restricted-to", "王芳", ok=False)  # fmt: skip
    assert refused.exit_code == 1
    assert "知情范围" in refused.stderr and "王芳" in refused.stderr and "Traceback" not in refused.stderr
    assert refused.stderr.count("\n") == 1
    office.by = "李明"
    widened = office.new("放宽的子事项", "--lead-unit", "交通局", "--parent", parent,
                         "--restricted-to", "李明", "--restricted-to", "王芳")  # fmt: skip
    assert "知情范围: [李明, 王芳]" in office.file(widened).read_text(encoding="utf-8")
    office.by = "王芳"
    assert "放宽的子事项" in office("show", widened).stdout


# -- 知情范围 is not access control ----------------------------------------------------------------


def test_show_reminds_an_insider_that_the_circle_is_not_access_control(office: Duban) -> None:
    secret = restricted(office)
    plain = office.new("公开事项", "--lead-unit", "财政局")
    out = office("show", secret).stdout
    notes = [line for line in out.splitlines() if "不是访问控制" in line]
    assert len(notes) == 1 and "知情范围" in notes[0] and "仓库" in notes[0]
    assert "不是访问控制" not in office("show", plain).stdout
    assert "不是访问控制" not in office("show", secret, "--json").stdout
    office.by = "王芳"
    assert "不是访问控制" not in office("show", secret).stdout


def test_check_names_a_sub_case_outside_its_parents_circle(office: Duban) -> None:
    # Registered before sub-cases kept their parent's circle, or edited by hand.
    parent = restricted(office)
    child = office.new("核查线索中的资金往来", "--lead-unit", "交通局", "--parent", parent)
    path = office.file(child)
    path.write_text(path.read_text(encoding="utf-8").replace("知情范围: [李明]", "知情范围: []"), encoding="utf-8")
    done = office("check")
    said = done.stdout + done.stderr
    assert f"上级事项 {parent} 有知情范围（李明），这个子事项却没有" in said
