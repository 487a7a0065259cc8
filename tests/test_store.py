"""The store: the cache spares parsing, the lock survives a killed holder, writes are whole."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import Duban

from duban import indexdb, store
from duban.errors import LockedError
from duban.model import Case, Source, case_to_mapping
from duban.store import Office, normalize_id
from duban.yamlio import dump_new


def _fill(root: Path, count: int) -> None:
    folder = root / "cases" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    for serial in range(1, count + 1):
        case = Case(
            id=f"2026-{serial:04d}",
            doc_number=f"督〔2026〕{serial}号",
            title=f"事项{serial}",
            source=Source("领导批示"),
        )
        (folder / f"{case.id}.yaml").write_text(dump_new(case_to_mapping(case)), encoding="utf-8")


def test_a_warm_read_parses_nothing_and_a_changed_file_is_parsed_alone(office: Duban) -> None:
    _fill(office.root, 300)
    store.parse_count = 0
    assert len(Office(office.root).cases()) == 300
    assert store.parse_count == 300

    store.parse_count = 0
    assert len(Office(office.root).cases()) == 300
    assert store.parse_count == 0

    path = office.root / "cases" / "2026" / "2026-0007.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("事项7", "事项七（已改）"), encoding="utf-8")
    (office.root / "cases" / "2026" / "2026-0009.yaml").unlink()
    store.parse_count = 0
    cases = {c.id: c for c in Office(office.root).cases()}
    assert store.parse_count == 1
    assert cases["2026-0007"].title == "事项七（已改）"
    assert "2026-0009" not in cases


def test_the_index_keeps_problems_and_survives_corruption(office: Duban) -> None:
    _fill(office.root, 3)
    path = office.root / "cases" / "2026" / "2026-0002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("紧急程度: 一般", "紧急程度: 很急"), encoding="utf-8")
    first = [f.problems for f in Office(office.root).case_files()]
    database = office.root / ".duban" / indexdb.DB_FILE
    indexdb.discard(office.root / ".duban")
    database.write_bytes(b"not a database" * 100)
    store.parse_count = 0
    again = [f.problems for f in Office(office.root).case_files()]
    assert store.parse_count == 3
    assert again == first and any(again)
    store.parse_count = 0
    assert [f.problems for f in Office(office.root).case_files()] == first
    assert store.parse_count == 0


def test_one_change_writes_one_row(office: Duban) -> None:
    _fill(office.root, 1200)
    Office(office.root).cases()
    path = office.root / "cases" / "2026" / "2026-1100.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("事项1100", "事项一千一百"), encoding="utf-8")
    database = office.root / ".duban" / indexdb.DB_FILE
    conn = sqlite3.connect(database)
    before = dict(conn.execute("select rel, rowid from files"))
    conn.close()
    store.parse_count = 0
    assert any(c.title == "事项一千一百" for c in Office(office.root).cases())
    assert store.parse_count == 1
    conn = sqlite3.connect(database)
    after = dict(conn.execute("select rel, rowid from files"))
    conn.close()
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert changed == {"cases/2026/2026-1100.yaml"}


def test_the_cache_is_keyed_on_the_code_version(office: Duban, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(office.root, 5)
    Office(office.root).cases()
    monkeypatch.setattr(store, "__version__", "99.0")
    store.parse_count = 0
    Office(office.root).cases()
    assert store.parse_count == 5


def test_the_cache_is_not_committed(office: Duban) -> None:
    office.new("某事项")
    office("list")
    assert (office.root / ".duban" / indexdb.DB_FILE).exists()
    assert office.git("status", "--porcelain") == ""
    assert ".duban" not in office.git("ls-files")


def test_a_lock_held_by_a_killed_process_is_free_again(office: Duban) -> None:
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from duban.store import Office
        with Office(Path({str(office.root)!r})).lock():
            print("locked", flush=True)
            time.sleep(60)
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError) as caught:
            with Office(office.root).lock(timeout=0.2):
                pass
        assert "另一个 duban 命令正在修改" in caught.value.message
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    started = time.monotonic()
    with Office(office.root).lock(timeout=2):
        pass
    assert time.monotonic() - started < 2


def test_writes_are_atomic_and_keep_the_file_mode(tmp_path: Path) -> None:
    from duban import atomic

    target = tmp_path / "a.yaml"
    atomic.write_text(target, "一: 1\n")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    os.chmod(target, 0o640)
    atomic.write_text(target, "一: 2\n")
    assert target.read_text(encoding="utf-8") == "一: 2\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@pytest.mark.parametrize(
    ("given", "expected"), [("2026-0017", "2026-0017"), ("2026-17", "2026-0017"), (" 2026-017 ", "2026-0017")]
)
def test_ids_are_normalized(given: str, expected: str) -> None:
    assert normalize_id(given) == expected


def test_next_id_follows_the_highest_number_of_the_year(office: Duban) -> None:
    _fill(office.root, 3)
    (office.root / "cases" / "2026" / "2026-0002.yaml").unlink()
    assert Office(office.root).next_id(2026) == "2026-0004"
    assert Office(office.root).next_id(2027) == "2027-0001"


def test_a_config_with_nothing_but_the_office_name_works_and_is_cached(tmp_path: Path) -> None:
    """The rules' defaults (no 办理时限规则 in the file) can be cached like any other config."""
    import subprocess

    (tmp_path / "cases").mkdir()
    (tmp_path / "config.yaml").write_text("机关名称: 最小的办公室\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    office = Office(tmp_path)
    assert office.config.rules.limit_for("人大建议", "一般").months == 3
    conn = indexdb.connect(tmp_path / ".duban")
    assert indexdb.meta(conn, "config")
    conn.close()
    assert Office(tmp_path).config.rules.limit_for("领导交办", "一般", co_units=True).days == 7
