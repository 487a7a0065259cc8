"""`duban import report`: the filled 政务督办报告 forms units send back, each registered as that
unit's report on its case exactly as `duban report` would register it (办理结果 已办结: a final
report), the whole batch in one commit or nothing. A file is refused, and with it the batch, when it
is another office's form, names a case or unit that does not match, reports on a case that is
closed, was imported before (the file's content or its filled fields), or is not signed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from duban import lifecycle
from duban.audit.git import CommitMessage, Git
from duban.config import Config
from duban.errors import DubanError, InputError, NotFoundError, ProblemsError
from duban.importers.reportform import BOTH, FINAL, FORM, FilledForm, doc_number_pattern, read_form, units_named
from duban.model import ARCHIVED, CLOSED, TERMINATED, VOIDED, Case, case_path, make_id, replace
from duban.records import NamedTuple
from duban.render.docprops import checksum
from duban.store import Office, normalize_id
from duban.textfiles import IMPORT_FILE_LIMIT, read_capped
from duban.usecases.procedure import report_warnings
from duban.usecases.recording import _rendered, changing, commit_files, record_hand_edits
from duban.usecases.redaction import commit_title
from duban.usecases.session import Session

SUFFIXES = (".docx", ".doc", ".wps")
FILE_PRINT = "导入指纹"  # the file's content
FIELDS_PRINT = "内容指纹"  # the filled fields: the same report saved again or renamed
NOTHING = "本次未登记任何报告"
NO_CASE = "读不出督办编号：请在文件开头写明督办编号，或用 duban report 登记"


class ImportedReport(NamedTuple):
    """One form as registered (or, in a preview, as it would be)."""

    file: str
    case_id: str
    unit: str
    signer: str
    final: bool
    text: str
    date: str  # 报送日期 as the form says it
    contact: str
    phone: str
    layout: str  # 表单 or 自拟
    warnings: tuple[str, ...]
    status: str  # the case's status after it


class ReportImport(NamedTuple):
    reports: list[ImportedReport]
    dry_run: bool


def files_in(paths: Sequence[Path]) -> list[Path]:
    """The files named, a folder's Word files (sorted, Word's ~$ lock files left out)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
            )
        elif path.exists():
            out.append(path)
        else:
            raise NotFoundError(f"读不到文件 {path}，请检查路径；{NOTHING}")
    if not out:
        raise InputError(f"{'、'.join(str(p) for p in paths)} 中没有 Word 文件（.docx、.doc、.wps）；{NOTHING}")
    return list(dict.fromkeys(out))


def import_reports(session: Session, paths: Sequence[Path], dry_run: bool = False) -> ReportImport:
    """Read every form, check every one, then register them all in one commit (nothing if any is refused)."""
    files = files_in(paths)
    problems: list[str] = []
    forms: list[FilledForm] = []
    for path in files:
        try:
            forms.append(read_form(path, read_capped(path, IMPORT_FILE_LIMIT)))
        except DubanError as error:
            problems.append(_named(path.name, str(error)))
    if problems:
        _refuse(problems)
    if dry_run:
        return ReportImport(_register(session, session.office, forms, session.viewer() or "（预览）"), True)
    operator = session.operator()
    with changing(session) as office:
        return ReportImport(_register(session, office, forms, operator, commit=True), False)


def _named(name: str, message: str) -> str:
    message = message.removesuffix("，未登记任何报告").removesuffix(f"；{NOTHING}")
    return message if message.startswith(name) else f"{name}：{message}"


def _refuse(problems: list[str]) -> None:
    if len(problems) == 1:
        raise InputError(f"{problems[0]}；{NOTHING}")
    raise ProblemsError([*problems, f"以上 {len(problems)} 个文件改正后再导入；{NOTHING}"])


def _register(
    session: Session, office: Office, forms: list[FilledForm], operator: str, commit: bool = False
) -> list[ImportedReport]:
    config = office.config
    problems: list[str] = []
    cases: dict[str, Case] = {}
    befores: dict[str, Case] = {}
    seen: dict[str, str] = {}  # print -> file of this batch
    done: list[ImportedReport] = []
    for form in forms:
        try:
            case_id, unit = _identify(config, office, form)
            if case_id not in cases:
                befores[case_id] = cases[case_id] = office.read_case(case_id)
            case = cases[case_id]
            for mark in (form.file_print, form.fields_print):
                if mark in seen:
                    raise InputError(f"与本批的 {seen[mark]} 是同一份报告")
            _check(config, case, unit, form)
            seen[form.file_print] = seen[form.fields_print] = form.name
            final = form.result == FINAL
            changed, event = lifecycle.report(case, unit, form.signer, form.text, final, session.today, operator)
            extra = tuple(
                (key, value)
                for key, value in (
                    ("报告文件", form.name),
                    ("报送日期", form.date),
                    ("联系人", form.contact),
                    ("联系电话", form.phone),
                    (FILE_PRINT, form.file_print),
                    (FIELDS_PRINT, form.fields_print),
                )
                if value
            )
            marked = event._replace(extra=event.extra + extra)
            changed = replace(changed, events=changed.events[:-1] + (marked,))
            cases[case_id] = changed
            warnings = report_warnings(config, changed, unit, form.signer, form.text, final)
            done.append(
                ImportedReport(
                    form.name, case_id, unit, form.signer.strip(), final, form.text, form.date, form.contact,
                    form.phone, form.layout, warnings, changed.status,
                )
            )  # fmt: skip
        except DubanError as error:
            problems.append(_named(form.name, str(error)))
    if problems:
        _refuse(problems)
    if commit:
        _commit(office, befores, cases, done, operator)
    return done


def _identify(config: Config, office: Office, form: FilledForm) -> tuple[str, str]:
    """Which case and which lead unit the form is: its properties, else its printed code, else what
    its table or text says; every reading that is there must agree."""
    identity, code = form.identity, form.code
    table_id = _normal_id(form.case_id) if form.case_id else ""
    if identity is not None:
        if identity.office and identity.office != config.office:
            raise InputError(f"这是“{identity.office}”的督办报告，不是本办（{config.office}）印发的表单")
        if table_id and table_id != identity.case_id:
            raise InputError(f"表内督办编号 {table_id} 与表单标识的 {identity.case_id} 不符，请核对是哪件事项的报告")
        case_id, unit = identity.case_id, identity.unit
        expected = checksum(config.office, case_id, unit, identity.issued, identity.place)
        if code is not None and code.case_id == case_id and code.check != expected:
            raise InputError(f"表单码 {code.check} 校验不符：表单标识被改动过，请用 duban report 登记")
    elif code is not None:
        case_id = code.case_id
        if table_id and table_id != case_id:
            raise InputError(f"表内督办编号 {table_id} 与表单码所指的 {case_id} 不符，请核对是哪件事项的报告")
        case = _read(office, case_id)
        unit = _unit_for_code(config, case, code.check, code.place)
    elif table_id:
        case_id = table_id
        case = _read(office, case_id)
        unit = _unit_from_text(config, case, form, table=True)
    else:
        if form.layout == FORM:
            raise InputError("表中督办编号一栏是空的，也没有表单码：请填写督办编号，或用 duban report 登记")
        case_id = _case_from_text(config, office, form)
        case = _read(office, case_id)
        unit = _unit_from_text(config, case, form, table=False)
    if form.layout == FORM and form.unit and (identity is not None or code is not None):
        named = _resolve(config, form.unit)
        if named and named != unit:
            raise InputError(f"表内主办单位“{form.unit}”与表单所发的{unit}不符，请核对是哪个单位的报告")
    return case_id, unit


def _normal_id(text: str) -> str:
    try:
        return normalize_id(text)
    except InputError:
        raise InputError(f"督办编号“{text[:40]}”读不懂，应为 年份-序号，如 2026-0017") from None


def _read(office: Office, case_id: str) -> Case:
    try:
        return office.read_case(case_id)
    except NotFoundError:
        raise NotFoundError(f"事项 {case_id} 不存在（不是本办的事项，或督办编号写错了）") from None


def _unit_for_code(config: Config, case: Case, check: str, index: int) -> str:
    """The unit whose form carries this code: issued with one of the case's notices (交办)."""
    issues = [e.date.isoformat() for e in case.events if e.action == "交办"]
    for unit in (*case.lead_units, *case.units()):
        for issued in issues:
            if checksum(config.office, case.id, unit, issued, index) == check:
                return unit
    raise InputError(
        f"表单码 {check}-{case.id}-{index:02d} 校验不符：不是本办为事项 {case.id} 印发的表单，或表单码抄错了"
    )


def _resolve(config: Config, name: str) -> str:
    try:
        return config.resolve_unit(name)
    except DubanError:
        return ""


def _unit_from_text(config: Config, case: Case, form: FilledForm, table: bool) -> str:
    if table and form.unit:
        unit = _resolve(config, form.unit)
        if not unit:
            raise InputError(f"表内主办单位“{form.unit}”不在单位名录中，请核对，或用 duban report 登记")
        return unit
    names = {name: unit.name for unit in config.units for name in (unit.name, *unit.aliases)}
    named = units_named(form.lines, names)
    leading = [u for u in named if u in case.lead_units]
    if leading:
        return leading[0]
    if named:
        return named[0]  # not a lead unit: refused by the check, naming it
    raise InputError(f"读不出报送单位：请在落款写明单位名称，或用 duban report {case.id} --unit 单位 登记")


def _case_from_text(config: Config, office: Office, form: FilledForm) -> str:
    if form.case_id:
        return _normal_id(form.case_id)
    if form.doc_number:
        match = doc_number_pattern(config.doc_format).search(form.doc_number)
        if match:
            case_id = make_id(int(match.group("year")), int(match.group("serial")))
            if office.has_case(case_id):
                return case_id
    for line in form.lines[:10]:
        match = doc_number_pattern(config.doc_format).search(line)
        if match:
            return make_id(int(match.group("year")), int(match.group("serial")))
    raise InputError(NO_CASE)


CLOSED_WORDS = {CLOSED: "已办结", ARCHIVED: "已归档", TERMINATED: "已终止", VOIDED: "已作废"}


def _check(config: Config, case: Case, unit: str, form: FilledForm) -> None:
    """The refusals the form itself calls for, before the lifecycle's own."""
    if case.status in CLOSED_WORDS:
        raise InputError(f"事项 {case.id} {CLOSED_WORDS[case.status]}，不再登记报告")
    if unit not in case.lead_units:
        lead = "、".join(case.lead_units) or "无"
        raise InputError(f"{unit} 不是事项 {case.id} 的主办单位（主办：{lead}）")
    for event in case.events:
        if event.action != "反馈":
            continue
        if event.get(FILE_PRINT) == form.file_print or event.get(FIELDS_PRINT) == form.fields_print:
            earlier = event.get("报告文件") or "同一份报告"
            raise InputError(f"已于 {event.date} 导入过（{earlier}，{event.get('单位')}），不再重复登记")
    if not form.signer.strip():
        raise InputError("第一责任人（签发）一栏是空的：报告须经第一责任人签发后报送")
    if not form.text.strip():
        raise InputError("办理情况一栏是空的")
    if form.result == BOTH:
        raise InputError("办理结果“已办结”和“正在办理”都勾选了，请只勾选一项")
    if not form.result:
        raise InputError("办理结果没有勾选：请勾选“已办结”或“正在办理”")
    if form.result == FINAL and case.source.is_proposal:
        raise InputError(
            f"{case.source.kind}的答复须标明答复类别，表单上没有这一栏：请用 duban report {case.id} --unit 单位 "
            "--signer 签发人 --file 报告 --final --class 类别 登记"
        )


def _commit(
    office: Office, befores: dict[str, Case], cases: dict[str, Case], done: list[ImportedReport], operator: str
) -> None:
    git = Git(office.root)
    changed = [cases[case_id] for case_id in befores]
    record_hand_edits(office, git, changed, operator)
    lines = "\n".join(
        f"{r.case_id} {r.unit} {'办结' if r.final else '进展'}报告 签发人 {r.signer}（{r.file}）" for r in done
    )
    if len(changed) == 1:
        case = changed[0]
        message = CommitMessage("反馈", case.id, commit_title(case), body=f"导入报告\n\n{lines}")
    else:
        message = CommitMessage("反馈", "", "", body=f"导入 {len(done)} 份报告\n\n{lines}", batch=tuple(befores))
    writes: list[tuple[str, str | None]] = [
        (case_path(case_id), _rendered(office, before, cases[case_id])) for case_id, before in befores.items()
    ]
    commit_files(office, git, writes, message, operator)
