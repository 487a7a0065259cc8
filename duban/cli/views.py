"""How a case reads on screen: shared by show and list."""

from __future__ import annotations

from duban.calendar import PROVISIONAL_LABEL
from duban.usecases.queries import CaseView


def deadline_text(item: CaseView) -> str:
    case = item.case
    if case.deadline is None:
        return "—"
    text = case.deadline.isoformat()
    if item.provisional:
        text += f"（{PROVISIONAL_LABEL}）"
    return text


def left_text(item: CaseView) -> str:
    if item.workdays_left is None:
        return ""
    if item.workdays_left < 0:
        return f"逾期 {-item.workdays_left} 个工作日"
    if item.workdays_left == 0:
        return "今天到期"
    return f"剩 {item.workdays_left} 个工作日"


def units_text(names: tuple[str, ...]) -> str:
    return "、".join(names) if names else "—"
