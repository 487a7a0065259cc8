"""Who is working, on which office, as of which day: what every use case starts from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from duban.calendar import WorkCalendar
from duban.errors import DubanError, InputError, NotFoundError
from duban.schema import text_problem
from duban.store import Office, find_office


def output_folder(office_root: Path, path: Path) -> None:
    """Refuse an output file whose folder is not there (most likely mistyped: the file would go where
    nobody looks); only the office's own out/ (and folders under it) is made on demand."""
    folder = path.parent
    if folder.is_dir():
        return
    outputs = (office_root / "out").resolve()
    if folder.resolve() == outputs or outputs in folder.resolve().parents:
        return
    if folder.exists():
        raise InputError(f"“{folder}”不是文件夹，请换一个输出路径")
    raise InputError(f"文件夹“{folder}”不存在：请先建好它，或换一个已有的文件夹")


class Session:
    """What every command needs: where the office is, what day it is, who is working."""

    def __init__(
        self, repo: str | None = None, today: dt.date | None = None, by: str | None = None, attended: bool = True
    ) -> None:
        self.repo = repo
        self._today = today
        self.by = by
        # Whether someone sits at a terminal. Unattended (cron, systemd, a script's pipe), the output
        # goes to whoever receives it: the clone's git user.name is not its reader.
        self.attended = attended
        self._office: Office | None = None
        self._viewer: str | None = None
        # What a command has to tell besides its result (a recovered change, a file left out),
        # printed by the command line on stderr.
        self.notices: list[str] = []

    def notify(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)

    def report_skipped(self) -> int:
        """Name each case file the last read of the office could not count; how many there were."""
        for problem in self.office.skipped:
            self.notify(f"{problem}，本次未计入")
        return len(self.office.skipped)

    @property
    def today(self) -> dt.date:
        """--as-of, else today in the office's time zone (config.yaml 时区, Asia/Shanghai by default),
        whatever the machine's clock is set to; outside an office, Beijing time."""
        if self._today is None:
            from duban.calendar import DEFAULT_TIME_ZONE, today_in

            try:
                zone = self.office.config.time_zone
            except DubanError:  # no office here (init, workdays), or its config.yaml has problems
                zone = DEFAULT_TIME_ZONE
            self._today = today_in(zone)
        return self._today

    @property
    def office(self) -> Office:
        if self._office is None:
            self._office = Office(find_office(explicit=self.repo))
        return self._office

    def _named(self) -> str:
        """--by, else config's default operator, else git's user.name (asked of git only then); may be ""."""
        named = (self.by or "").strip() or self.office.config.default_operator
        if named:
            return named
        from duban.audit.git import configured_user_name

        return configured_user_name(self.office.root)

    def operator(self) -> str:
        """--by, else DUBAN_USER (folded into --by by the CLI), else config, else git's user.name."""
        config = self.office.config
        name = self._named()
        if not name:
            raise InputError(
                "不知道经办人是谁：请用 --by 姓名 指定，或设置环境变量 DUBAN_USER，或在 config.yaml 写“默认经办人”"
            )
        if problem := text_problem(name, "经办人"):  # it goes into every event and commit it signs
            raise InputError(f"{problem}（经办人取自 --by、DUBAN_USER、config.yaml 或 git 的 user.name）")
        if config.operators and name not in config.operators:
            raise InputError(f"经办人“{name}”不在 config.yaml 的“经办人”名单中（{'、'.join(config.operators)}）")
        return name

    def viewer(self) -> str:
        """Who is reading: --by (or DUBAN_USER); else, at a terminal, config's default operator or
        git's user.name; else (unattended) config's 自动输出读者, or no one ("", outside every
        知情范围). Asked once per command (git's answer costs a process)."""
        if self._viewer is None:
            if (self.by or "").strip() or self.attended:
                self._viewer = self._named()
            else:
                self._viewer = self.office.config.automatic_reader
        return self._viewer


def calendar_for(session: Session | None) -> WorkCalendar:
    """The office's calendar when there is an office, else the official schedule alone."""
    if session is not None:
        try:
            return session.office.config.calendar()
        except NotFoundError:
            if session.repo:
                raise
    return WorkCalendar()
