"""Where a document's title breaks (GB/T 9704 7.3.1: 回行时要做到词意完整，排列对称，长短适宜): the
lines chosen at sensible points (after punctuation, after 的, after a date, before 关于 or the
kind of document), each fitting the 版心 in 2号, as even as the text allows, never inside a run of
digits or Latin letters. Word and HTML both set the title in these lines."""

from __future__ import annotations

import functools
import itertools
import math

from duban.render.geometry import MM_PT, TITLE_PT, TYPE_WIDTH_MM, text_width

# Characters of 2号 in the 156 mm 版心 (19.9): a line is held a little under it.
TITLE_CHARS = TYPE_WIDTH_MM * MM_PT / TITLE_PT
_FIT = TITLE_CHARS - 0.4
_PUNCT_AFTER = "，、；：）》」”"  # a break after these reads well
_NO_START = "，、；：。）》」”！？的了"  # a line never starts with these
_NO_END = "（《「“"  # nor ends with these
# The kind of document, which may stand on a line of its own: a break before it is good.
_KINDS = ("的通知", "的通报", "的报告", "的意见", "的方案", "的请示", "的函", "的批复", "的决定", "的建议", "的提案")
_WORDS_AFTER = ("关于",)  # a break before these is good
_FORBIDDEN = math.inf
# Words of 公文 titles a break must not split (without a dictionary of the language, the words
# these titles are made of): a break inside one costs more than a line more.
WORDS = frozenset(
    """督办 督查 政务 事项 办理 情况 通报 通知 报告 意见 方案 请示 答复 建议 提案 代表 委员 会议 纪要 常务
    代表建议 政协提案 人大建议
    工作 工程 项目 资金 建设 改造 管理 服务 设施 配套 推进 加快 加强 改进 落实 完善 实施 开展 进一步
    片区 小区 老旧 城区 城东 城西 城南 城北 社区 养老 托育 管网 电梯 停车 交通 环境 整治 整改 问题
    单位 部门 政府 人民 办公室 人大 政协 常委会 全面 深入 持续 统筹 专项 重点 重大 安全 生产 民生
    经济 发展 规划 政策 制度 机制 体系 措施 任务 目标 考核 责任 年度 季度 上半年 下半年 第一 第二
    地下 更新 加装 同步 解决 缺口 编制 进度 拨付 审批 审查 检查 监督 监管 执法 应急 教育 卫生 健康
    医疗 保障 社会 保险 就业 住房 城乡 农业 农村 生态 文化 旅游 市场 营商 优化 提升 促进 保护 治理""".split()
)
EXTRA_LINE = 10.0  # the cost of a line more than the least


def _narrow(ch: str) -> bool:
    return text_width(ch) < 1.0


def _penalty(text: str, at: int) -> float:
    """The cost of a break between text[at - 1] and text[at]."""
    before, after = text[at - 1], text[at]
    if _narrow(before) and _narrow(after):  # inside 2026 or a Latin word
        return _FORBIDDEN
    if after in _NO_START or before in _NO_END:
        return _FORBIDDEN
    if any(text.startswith(word, at - cut) for word in WORDS for cut in range(1, len(word))):
        return 40.0  # inside a word: 督办/事项 is read as 督办事/项
    if before.isdigit() or after.isdigit() or before in "第":
        return 20.0  # 第2026015号, 5个, 2026年: a number stays with its words
    if before in _PUNCT_AFTER:
        return 0.0
    if any(text.startswith(word, at) for word in _WORDS_AFTER):
        return 0.5
    if before in "日" and at >= 2 and (text[at - 2].isdigit() or text[at - 2] in "一二三四五六七八九十"):
        return 0.5  # after a date: 2026年11月30日 / 督办事项
    if before == "的":
        return 1.0
    if any(text.startswith(kind[1:], at) and before == "的" for kind in _KINDS):
        return 1.0
    if after in "和与及并暨":
        return 2.0  # before the second of two things joined
    if before in "和与及并暨":
        return 4.0
    ends = any(text.endswith(word, 0, at) for word in WORDS)
    if ends and any(text.startswith(word, at) for word in WORDS):
        return 4.0  # between two words
    if after in "关" and text.startswith("关于", at):
        return 0.5
    return 12.0  # two Chinese characters: may be inside a word


def title_lines(text: str, chars: float = _FIT) -> list[str]:
    """The title's lines: as few as fit `chars` characters of 2号 each, broken where the breaks cost
    least and the lines are most even. A title that fits one line is one line."""
    text = text.strip()
    if not text or text_width(text) <= chars:
        return [text] if text else []
    count = len(text)
    widths = [0.0]
    for ch in text:
        widths.append(widths[-1] + text_width(ch))

    def width(start: int, end: int) -> float:
        return widths[end] - widths[start]

    def best(lines: int) -> tuple[float, list[int]] | None:
        target = width(0, count) / lines

        @functools.cache
        def go(start: int, left: int) -> tuple[float, tuple[int, ...]] | None:
            if left == 1:
                rest = width(start, count)
                if rest > chars:
                    return None
                return ((rest - target) ** 2 / 4, ())
            found: tuple[float, tuple[int, ...]] | None = None
            for end in range(start + 1, count):
                span = width(start, end)
                if span > chars:
                    break
                cost = _penalty(text, end)
                if cost == _FORBIDDEN:
                    continue
                tail = go(end, left - 1)
                if tail is None:
                    continue
                total = cost + (span - target) ** 2 / 4 + tail[0]
                if found is None or total < found[0]:
                    found = (total, (end, *tail[1]))
            return found

        result = go(0, lines)
        return None if result is None else (result[0], list(result[1]))

    least = math.ceil(width(0, count) / chars)
    # One line more than the least is taken when it saves breaking inside a word.
    tried = [(found[0] + EXTRA_LINE * (lines - least), found[1]) for lines in range(least, least + 3)
             if (found := best(lines)) is not None]  # fmt: skip
    if not tried:
        return [text]  # nothing fits (a run of digits wider than the page): the page breaks it
    cuts = [0, *min(tried)[1], count]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]
