"""duban show ID: one case, whole."""

from __future__ import annotations

import sys

import typer

from duban.cli import completion
from duban.cli.root import app, console, print_json, session, stdout_is_terminal
from duban.cli.views import STANDING_TEXT, deadline_text, left_text, plain_value, units_text
from duban.usecases import materials, queries

# Said to whoever is inside a case's 知情范围, where it matters: they might take it for a lock.
NOT_ACCESS_CONTROL = "".join(
    (
        "注：知情范围只控制 duban 打印和生成的内容，不是访问控制；",
        "事项文件就在仓库里，拿到仓库或其克隆的人都能直接打开看到全文",
    )
)


@app.command("show", epilog="例：duban show 2026-0001")
def show_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(
        ..., metavar="编号", autocompletion=completion.case_ids, help="事项编号，如 2026-0017。"
    ),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
) -> None:
    """查看一个督办事项的全部内容。"""
    item = queries.show(session(ctx), case_id)
    if as_json:
        print_json(item.to_json())
        return
    case = item.case
    origin = case.source
    numbered = " ".join(p for p in (origin.session, origin.number) if p)
    source = "，".join(
        part for part in (origin.kind, numbered, origin.ref, origin.date.isoformat() if origin.date else "") if part
    )
    rows = [
        ("编号", case.id),
        ("文号", case.doc_number),
        ("标题", case.title),
        ("来源", source),
        *(
            [("领衔", origin.proposer + (f"（联名：{'、'.join(origin.cosigners)}）" if origin.cosigners else ""))]
            if origin.proposer
            else []
        ),
        ("批示领导", case.leader or "—"),
        ("主办单位", units_text(case.lead_units)),
        ("协办单位", units_text(case.co_units)),
        ("紧急程度", case.urgency),
        ("报告周期", case.report_cycle),
        ("上级事项", case.parent or "—"),
        ("立项日期", case.registered.isoformat()),
        ("交办日期", case.assigned.isoformat() if case.assigned else "—"),
        (
            "办理时限",
            STANDING_TEXT
            if case.standing and item.standing.working_deadline is None
            else " ".join(t for t in (deadline_text(item), left_text(item)) if t),
        ),
        ("状态", case.status),
    ]
    now = item.standing
    if now.assessment_deadline and now.assessment_deadline != now.working_deadline:
        rows.append(("考核时限", f"{now.assessment_deadline}（按期与否以此为准）"))
    if now.redo_deadline:
        rows.append(("重办时限", f"{now.redo_deadline}（退回重办，在此之前重报不算超期）"))
    if now.on_time is not None:
        rows.append(("按期办结", plain_value(now.on_time)))
    if len(case.lead_units) > 1:
        for unit in now.units:
            state = "已报办结报告" if unit.final_report else ("逾期" if unit.overdue else "办理中")
            if unit.on_time is not None:
                state = "按期" if unit.on_time else "超期"
            rows.append(("主办单位进度", f"{unit.unit}：{state}"))
    if item.proposal is not None:
        rows += proposal_rows(item.proposal, case.assigned is not None)
    for named in now.rectifications:
        done_text = "已报整改情况" if named.reported else f"整改时限 {named.deadline}"
        if named.inspection:
            rows.append(("督查整改", f"{named.date} {named.inspection}发现问题，{done_text}"))
        else:
            rows.append(("督查通报", f"{named.issue}（{named.date}），{done_text}"))
    for event in case.events:
        if event.action == "问责":
            to = event.get("移送机关")
            rows.append(("问责", f"{event.date} 移送{to or '问责机关'}" + (f"：{event.note}" if event.note else "")))
    if case.restricted_to:
        rows.append(("知情范围", "、".join(case.restricted_to)))
    for child_id, child_status in item.children:
        rows.append(("子事项", f"{child_id} {child_status}"))
    for path in materials.listed(session(ctx), case.id):
        rows.append(("归档材料", path))
    lines: list[tuple[str, str]] = [(label, value) for label, value in rows]  # (bold part, text)
    if case.content:
        lines += [("督办内容", ""), ("", case.content.rstrip("\n"))]
    if case.events or case.voided:
        lines.append(("办理过程", ""))
        for event in case.written_events():
            # A void event (作废) is shown where it stands, with its reason, and counts nowhere.
            extra = "，".join(f"{k}：{plain_value(v)}" for k, v in event.extra)
            detail = "；".join(t for t in (event.note, extra) if t)
            lines.append(("", f"  {event.date}  {event.action}  {event.operator}" + (f"  {detail}" if detail else "")))
    if case.reports:
        lines.append(("办理报告", ""))
        for report in case.reports:
            final = ("（办结报告）" if report.final else "") + (f"（作废：{report.void}）" if report.void else "")
            lines.append(("", f"  {report.date}  {report.unit}  签发：{report.signer}{final}"))
            if report.text:
                lines.append(("", "    " + report.text.strip().replace("\n", "\n    ")))
    if case.restricted_to and session(ctx).viewer() in case.restricted_to:
        lines.append(("", NOT_ACCESS_CONTROL))
    if not stdout_is_terminal():
        # A pipe or a file: plain text, without loading the terminal's renderer.
        sys.stdout.write("".join(f"{bold}  {text}\n" if bold and text else f"{bold or text}\n" for bold, text in lines))
        return
    from rich.markup import escape

    out = console()
    for bold, text in lines:
        if bold and text:
            out.print(f"[bold]{bold}[/bold]  {escape(text)}")
        elif bold:
            out.print(f"[bold]{bold}[/bold]")
        else:
            out.print(escape(text))


def proposal_rows(proposal: queries.Proposal, assigned: bool) -> list[tuple[str, str]]:
    """A suggestion's or proposal's own lines: its time rule, class, satisfaction, co-unit opinions."""
    rows = []
    if assigned and proposal.longest is not None:
        rows.append(
            (
                "答复时限规则",
                f"交办后{proposal.rule}内答复；情况复杂的，经督办室同意并向代表（委员）说明后可延期，"
                f"最长至 {proposal.longest}（交办后{proposal.longest_rule}）",
            )
        )
    if proposal.mark:
        changed = f"，督办室审定，单位原标 {proposal.changed_from} 类" if proposal.changed_from else ""
        rows.append(("答复类别", f"{proposal.mark}（{proposal.label or '—'}{changed}）"))
    if proposal.satisfaction:
        rows.append(("满意度", f"{proposal.satisfaction}（{proposal.satisfied_on}）"))
    if proposal.rehandled:
        rows.append(("重新办理", f"{proposal.rehandled} 次"))
    for unit, due, given in proposal.opinions:
        state = f"{given} 已送" + ("（逾期）" if given > due else "") if given else "未送"
        rows.append(("协办意见", f"{unit}：{due} 前送主办单位，{state}"))
    return rows
