"""Split a 政府工作报告 into candidate tasks for the breakdown assistant.

Why this exists: every January the 督查室 turns the year's report into a task
ledger by hand, sentence by sentence. This module does the mechanical part —
find the chapter with the year's 重点工作, walk its sections （一）…, take the
bold lead phrases as sub-headings and cut the paragraphs into sentences that
carry a concrete commitment — so staff only review, merge and assign units.

It is pure text processing (no database, no Qt). Input is whatever came out of
a web page or PDF: mixed half/full-width punctuation, spaces inside numbers
(``增长 7.5%左右``), lines broken at page ends, footnote marks, and site
boilerplate. The report's own sentences are kept; the only changes are that
normalization (punctuation width, stray spaces, footnote marks).

Public API: :func:`split_report`, :func:`parse_main_targets`,
:func:`extract_targets`, :func:`find_deadline_text` and the dataclasses
:class:`CandidateTask`, :class:`SplitResult`, :class:`TargetItem`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "CandidateTask", "SplitResult", "TargetItem",
    "split_report", "parse_main_targets", "extract_targets", "find_deadline_text",
]


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

@dataclass
class CandidateTask:
    """One sentence (or a few merged) from the report that commits to something."""
    seq: str
    section: str
    content: str
    lead_phrase: str | None = None
    targets: list[str] = field(default_factory=list)
    deadline_text: str | None = None
    source_line: int = 0
    note: str | None = None        # e.g. the source text breaks off mid-sentence


@dataclass
class SplitResult:
    tasks: list[CandidateTask] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    main_targets: str | None = None
    year: int | None = None
    chapter_title: str | None = None
    chapter_line: int | None = None

    def tasks_in(self, section: str) -> list[CandidateTask]:
        return [t for t in self.tasks if t.section == section]


@dataclass
class TargetItem:
    """One indicator out of the 主要预期目标 sentence."""
    name: str
    value_text: str
    number: float | None = None
    unit: str | None = None
    qualifier: str | None = None   # 左右 / 以上 / 以内 / 以下 …


# --------------------------------------------------------------------------
# Normalization (private: govtrack.textnorm belongs to another module owner)
# --------------------------------------------------------------------------

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_FULL_PUNCT = "（）【】《》“”‘’、，。；：！？…—"
# Footnote marks left in web copies of reports (①…⑳, ㉑…㊿, superscripts).
_FOOTNOTE_RE = re.compile(r"[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u00b9\u00b2\u00b3\u2070-\u2079]")
_SPACE_RE = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u200b]+")
# A space is noise when it touches a CJK character or full-width punctuation.
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}{_FULL_PUNCT}])\s+|\s+(?=[{_CJK}{_FULL_PUNCT}])")


def _normalize(line: str) -> str:
    # NFC only: NFKC would also fold full-width punctuation to ASCII.
    line = unicodedata.normalize("NFC", line.replace("\ufeff", ""))
    line = _FOOTNOTE_RE.sub("", line)
    line = line.replace("**", "")               # markdown bold from web copies
    line = re.sub(r"\((?=[一二三四五六七八九十\d]{1,3}\))", "（", line)
    line = line.replace("(", "（").replace(")", "）")
    line = re.sub(r"(?<!\d),|,(?!\d)", "，", line)   # keep 1,900 intact
    line = re.sub(r"(?<!\d):|:(?!\d)", "：", line)   # keep 10:30 intact
    line = line.replace(";", "；").replace("!", "！").replace("?", "？")
    line = _SPACE_RE.sub(" ", line).strip()
    return _CJK_SPACE_RE.sub("", line)


_FULLWIDTH_ALNUM = str.maketrans(
    "０１２３４５６７８９％．",
    "0123456789%.",
)


def _clean(line: str) -> str:
    return _normalize(line.translate(_FULLWIDTH_ALNUM))


# --------------------------------------------------------------------------
# Line classification
# --------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十"
_CHAPTER_RE = re.compile(rf"^[{_CN_NUM}]{{1,3}}、\S")
_SECTION_RE = re.compile(rf"^（[{_CN_NUM}]{{1,3}}）\S?")
_FOCUS_TITLE_RE = re.compile(r"重点工作|工作安排|工作任务|主要任务|重点任务|工作部署")
_REVIEW_TITLE_RE = re.compile(r"回顾")
_TERMINAL = "。！？；：…"

# Site furniture seen on document-sharing sites, gazettes and PDF page edges.
# Strong patterns hardly occur in a report's prose; weak ones (版权, 下载, 微信…)
# do ("加强版权保护"), so they only count on a short line without a comma.
_STRONG_BOILERPLATE = [
    (re.compile(r"付费|VIP|本站|文档.*(?:权|使用|下载|上传)|违规举报|转卖"), "网站版权/下载声明"),
    (re.compile(r"客服|扫码"), "网站客服提示"),
    (re.compile(r"^(?:确认删除|回到顶部|返回顶部|搜索资料|我的下载|会员中心|分享到|打印本页|"
                r"关闭窗口|上一篇|下一篇|相关阅读|热门推荐)|电脑桌面|桌面快捷"), "网页导航"),
    (re.compile(r"^[-—－\s]*\d{1,3}[-—－\s]*$|^第\s*\d+\s*页|^\d+\s*/\s*\d+$"), "页码"),
]
_WEAK_BOILERPLATE = re.compile(r"版权|下载|会员|微信|登录|注册|二维码|文档|收藏|^•")
# A document boundary: another document begins after the report (gazettes).
_DOC_NO_RE = re.compile(r"^[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号$")
_CLOSING_RE = re.compile(r"^各位代表[！!，,：:]")


def _boilerplate_reason(line: str) -> str | None:
    if len(line) <= 150:
        for pattern, reason in _STRONG_BOILERPLATE:
            if pattern.search(line):
                return reason
    if len(line) <= 30 and "，" not in line and _WEAK_BOILERPLATE.search(line):
        return "网站提示"
    return None


# --------------------------------------------------------------------------
# Sentences, commitments, targets, deadlines
# --------------------------------------------------------------------------

_COMMIT_RE = re.compile(
    "推进|加快|实施|建设|新建|改建|扩建|完成|力争|确保|推动|打造|开展|启动|落实|深化|提升|"
    "培育|新增|实现|争创|创建|举办|承办|出台|制定|健全|完善|构建|强化|扩大|支持|引进|改造|"
    "整治|治理|建成|达到|突破|开工|投产|加强|提高|推广|谋划|做好|抓好|办好|严格|深入|"
    "全面|持续|大力|积极|着力|聚焦|巩固|优化|促进|组织|守住|守牢|兜牢|防范|化解|"
    "坚持|依法|坚决|规范|探索|拓展|用好|发挥|融入|对接|整合|盘活|清理|招引|申报|"
    "编制|修订|出台|升级|力促|狠抓|抓实|压实|筑牢|争取|确立|推行|普及|覆盖|增加|减少|降低|控制"
)
# A number starts where a run of digits starts: without the look-behind a search tries
# every digit of a long run and backtracks over the rest (a 20,000-digit line took 21 s).
_NUM = r"(?<!\d)\d+(?:\.\d+)?"
_UNIT = (
    r"(?:%|‰|个百分点|万亿元|亿元|万元|亿美元|万美元|美元|元|万平方米|平方米|平方公里|公里|千米|"
    r"万亩|亩|公顷|万户|户|万人次|人次|万人|名|人|家|个|座|项|所|套|张|台|辆|条|处|件|"
    r"万吨|吨|万千瓦|千瓦|兆瓦|万立方米|立方米|场|次|批|倍|栋|间|床|支|只|头|株|棵|盏|部|种|类|期|届|米)"
)
_QUALIFIER = r"(?:左右|以上|以内|以下|之内|之上)"
# Argument, not commitment: "抓项目扩投资是促发展……的实际需要和重要抓手。"
_ARGUMENT_RE = re.compile(
    r"^[^，。]{2,16}是[^。]*(需要|抓手|关键|根本|基础|前提|保障|途径|动力|支撑|之年|一年|所在|要求|目标)。?$"
)
_TARGET_RE = re.compile(rf"{_NUM}\s*(?:万|亿)?{_UNIT}{_QUALIFIER}?")
_DEADLINE_RE = re.compile(
    r"\d{4}年\d{1,2}月\d{1,2}日(?:前|以前)?|\d{4}年(?:\d{1,2}月)?底?(?:前|以前)|"
    r"\d{1,2}月(?:底|末|中旬|上旬|下旬)?(?:前|以前)|[一二三四1-4]季度(?:末|底)(?:前)?|"
    r"年底前|年内|年底|上半年|下半年|春节前|汛期前|汛前|长期坚持"
)


def find_deadline_text(text: str) -> str | None:
    """First deadline phrase in ``text`` (``6月底前``, ``年底前``, ``三季度末``…), kept as written."""
    m = _DEADLINE_RE.search(text)
    return m.group(0) if m else None


def extract_targets(text: str) -> list[str]:
    """Quantitative targets in a sentence, each as the clause that carries it.

    The clause (between ，；：。) is kept whole when short, so the target reads
    as the report says it: ``新建5G基站1900座以上``, ``总量突破12.5万户``.
    A list joined by 、 is cut at 、 unless it says 分别 (then the numbers only
    make sense together with the list before them); a bare number after 、
    (``30家、68家``) stays with the piece before it.
    """
    out: list[str] = []
    for clause in re.split(r"[，；：。！？]", text):
        clause = clause.strip()
        if not clause or not _TARGET_RE.search(clause):
            continue
        pieces = [clause] if "分别" in clause else _split_enumeration(clause)
        for piece in pieces:
            if not _TARGET_RE.search(piece):
                continue
            if len(piece) > 60:
                # Keep a window ending at the last target in the clause.
                last = list(_TARGET_RE.finditer(piece))[-1]
                start = max(0, list(_TARGET_RE.finditer(piece))[0].start() - 16)
                piece = piece[start:last.end()]
            if piece not in out:
                out.append(piece)
    return out


def _split_enumeration(clause: str) -> list[str]:
    parts = clause.split("、")
    merged: list[str] = []
    for part in parts:
        bare = re.fullmatch(rf"{_NUM}\s*(?:万|亿)?{_UNIT}{_QUALIFIER}?", part.strip())
        if merged and (bare or not part):
            merged[-1] = merged[-1] + "、" + part
        else:
            merged.append(part)
    return merged


def _split_sentences(text: str) -> list[tuple[int, str]]:
    """Cut at 。！？ outside quotation marks; returns (offset, sentence).

    ``……”。`` and ``……。”`` both end a sentence. A quote left open for more than
    80 characters is taken as extraction noise, so one lost ” cannot swallow
    the rest of a paragraph.
    """
    out: list[tuple[int, str]] = []
    depth = 0
    opened_at = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "“‘《":
            if depth == 0:
                opened_at = i
            depth += 1
        elif ch in "”’》":
            depth = max(0, depth - 1)
            if depth == 0 and i > start and text[i - 1] in "。！？":
                out.append((start, text[start:i + 1]))
                start = i + 1
        elif ch in "。！？":
            if depth and i - opened_at > 80:
                depth = 0
            if depth == 0 and not (i + 1 < len(text) and text[i + 1] in "”’"):
                out.append((start, text[start:i + 1]))
                start = i + 1
    if text[start:].strip():
        out.append((start, text[start:]))
    return [(o + len(s) - len(s.lstrip()), s.strip()) for o, s in out if s.strip()]


# --------------------------------------------------------------------------
# Paragraph assembly
# --------------------------------------------------------------------------

@dataclass
class _Para:
    kind: str          # 'chapter' | 'section' | 'text'
    text: str
    line: int          # 1-based line of its first line
    ends: list[tuple[int, int]] = field(default_factory=list)  # (char offset, line) of each joined line


def _classify(line: str) -> str:
    if _CHAPTER_RE.match(line) and len(line) <= 40 and "。" not in line:
        return "chapter"
    if _SECTION_RE.match(line):
        return "section"
    return "text"


_PAGE_FURNITURE = ("页码", "重复的页眉/标题")


def _build_paragraphs(lines: list[str], start: int, end: int, skipped: list[tuple[int, str]],
                      repeated: set[str]) -> list[_Para]:
    """Join lines broken at page ends into paragraphs; drop furniture.

    A line continues the paragraph before it when that paragraph does not end
    in sentence-final punctuation. Blank lines (page gaps) do not stop the
    join, but a dropped boilerplate line does: text after site furniture is
    never glued onto a truncated report sentence.
    """
    paras: list[_Para] = []
    open_para: _Para | None = None
    for idx in range(start, end):
        line = lines[idx]
        if not line:
            continue
        lineno = idx + 1
        reason = _boilerplate_reason(line)
        if reason is None and line in repeated:
            reason = "重复的页眉/标题"
        if reason:
            skipped.append((lineno, reason))
            # Page numbers and running heads sit inside a broken sentence: keep
            # joining across them. Site furniture ends the text before it.
            if reason not in _PAGE_FURNITURE:
                open_para = None
            continue
        kind = _classify(line)
        if kind == "text" and open_para is not None and open_para.text[-1] not in _TERMINAL:
            open_para.ends.append((len(open_para.text), lineno))
            open_para.text += line
            continue
        para = _Para(kind, line, lineno, [(0, lineno)])
        paras.append(para)
        open_para = para if kind != "chapter" else None
    return paras


def _line_at(para: _Para, offset: int) -> int:
    line = para.line
    for off, ln in para.ends:
        if off <= offset:
            line = ln
    return line


# --------------------------------------------------------------------------
# The splitter
# --------------------------------------------------------------------------

_LEAD_MAX = 26          # longest first sentence still read as a bold lead phrase
_SHORT_SENTENCE = 8     # shorter sentences are merged into a neighbour
_ORDINAL_LEAD_RE = re.compile(rf"^[{_CN_NUM}]是")


def split_report(text: str, *, year: int | None = None) -> SplitResult:
    """Split a 政府工作报告 into candidate tasks.

    :param text: the report as plain text (web or PDF extraction is fine).
    :param year: the plan year; picks the 重点工作 chapter naming that year when
        several are present. Inferred from the chapter title when omitted.
    :returns: a :class:`SplitResult`; nothing is written anywhere.
    """
    raw_lines = text.splitlines()
    lines = [_clean(l) for l in raw_lines]
    result = SplitResult(year=year)

    headings = [(i, l) for i, l in enumerate(lines) if l and _classify(l) == "chapter"]
    repeated = _repeated_short_lines(lines)

    focus = _pick_focus_chapter(lines, headings, year)
    result.main_targets = _find_main_targets(lines)
    if focus is None:
        result.skipped.append((1, "未找到“重点工作/工作安排”一章"))
        return result
    start, end = focus
    result.chapter_title = lines[start]
    result.chapter_line = start + 1
    if result.year is None:
        m = re.search(r"(20\d\d)", lines[start])
        result.year = int(m.group(1)) if m else None
    if start > 0:
        result.skipped.append((1, f"第1–{start}行：报告开头、回顾等（不拆分）"))

    paras = _build_paragraphs(lines, start + 1, end, result.skipped, repeated)
    # The chapter's own paragraph wins: it is whole even when the line was broken.
    in_chapter = _find_main_targets([p.text for p in paras])
    result.main_targets = in_chapter or result.main_targets
    has_sections = any(p.kind == "section" for p in paras)

    # In a chapter without （一） sections, tasks start after the 总体要求 and
    # 主要预期目标 paragraphs; everything before those is 形势 and framing.
    preamble_end = -1
    if not has_sections:
        for k, p in enumerate(paras):
            if re.search(r"总体要求|主要预期目标|指导思想", p.text):
                preamble_end = k

    section = ""
    seq = 0
    for k, para in enumerate(paras):
        if _CLOSING_RE.match(para.text) or _DOC_NO_RE.match(para.text):
            result.skipped.append((para.line, "结束语/其他文件，停止拆分"))
            break
        if para.kind == "section":
            heading, _, rest = para.text.partition("。")
            section = heading.strip()
            result.sections.append(section)
            if rest.strip():
                result.skipped.append((para.line, "小节导语（不作任务）"))
            continue
        if (has_sections and not section) or (not has_sections and k <= preamble_end):
            result.skipped.append((para.line, _preamble_reason(para.text)))
            continue
        for task in _tasks_from_paragraph(para, section, result.skipped):
            seq += 1
            task.seq = str(seq)
            result.tasks.append(task)
    if end < len(lines):
        result.skipped.append((end + 1, f"第{end + 1}行起：{lines[end][:20]}（不属于重点工作）"))
    result.skipped.sort(key=lambda item: item[0])
    return result


def _preamble_reason(text: str) -> str:
    if "主要预期目标" in text:
        return "主要预期目标（见 main_targets）"
    if re.search(r"总体要求|指导思想", text):
        return "总体要求"
    return "形势分析/导语"


def _tasks_from_paragraph(para: _Para, section: str,
                          skipped: list[tuple[int, str]]) -> list[CandidateTask]:
    sentences = _split_sentences(para.text)
    lead: str | None = None
    if len(sentences) > 1:
        first = sentences[0][1]
        core = _ORDINAL_LEAD_RE.sub("", first)
        # A bold lead phrase is a short first sentence with few commas; longer
        # first sentences are ordinary prose.
        if len(core) <= _LEAD_MAX and core.count("，") <= 1 and not _TARGET_RE.search(core):
            lead = first.rstrip("。！？")
            sentences = sentences[1:]

    # Merge very short sentences into the following one (or the previous).
    merged: list[tuple[int, str]] = []
    carry: tuple[int, str] | None = None
    for off, s in sentences:
        if carry is not None:
            off, s = carry[0], carry[1] + s
            carry = None
        if len(s) < _SHORT_SENTENCE:
            carry = (off, s)
            continue
        merged.append((off, s))
    if carry is not None:
        if merged:
            merged[-1] = (merged[-1][0], merged[-1][1] + carry[1])
        else:
            merged.append(carry)

    tasks: list[CandidateTask] = []
    for off, s in merged:
        targets = extract_targets(s)
        if (not _COMMIT_RE.search(s) and not targets) or _ARGUMENT_RE.match(s):
            skipped.append((_line_at(para, off), "无具体举措的句子"))
            continue
        tasks.append(CandidateTask(
            seq="", section=section, lead_phrase=lead, content=s,
            targets=targets, deadline_text=find_deadline_text(s),
            source_line=_line_at(para, off),
            # Web copies get cut mid-sentence; say so rather than pass it off as whole.
            note=None if s[-1] in "。！？；" else "原文在此中断，句子不完整",
        ))
    if not tasks and lead:
        # A paragraph that is only a lead phrase is itself the commitment.
        tasks.append(CandidateTask(seq="", section=section, lead_phrase=lead, content=lead + "。",
                                   targets=extract_targets(lead),
                                   deadline_text=find_deadline_text(lead), source_line=para.line))
    return tasks


def _repeated_short_lines(lines: list[str]) -> set[str]:
    """Short unpunctuated lines that occur more than once: running titles, page headers.

    Headings are excluded because a table of contents legitimately repeats them.
    """
    seen: dict[str, int] = {}
    for l in lines:
        if l and len(l) <= 30 and not re.search(r"[。，；：！？]", l) and _classify(l) == "text":
            seen[l] = seen.get(l, 0) + 1
    return {l for l, n in seen.items() if n > 1}


def _pick_focus_chapter(lines: list[str], headings: list[tuple[int, str]],
                        year: int | None) -> tuple[int, int] | None:
    """(first line index, end index) of the 重点工作 chapter, or None.

    A table of contents repeats the chapter titles, so among all matching
    headings the one followed by the most text wins. The chapter ends at the
    next chapter heading, or at a closing 各位代表 / another document's 文号.
    """
    best: tuple[int, int, int] | None = None   # (score, start, end)
    for n, (idx, title) in enumerate(headings):
        if not _FOCUS_TITLE_RE.search(title) or _REVIEW_TITLE_RE.search(title):
            continue
        end = headings[n + 1][0] if n + 1 < len(headings) else len(lines)
        for j in range(idx + 1, end):
            if _CLOSING_RE.match(lines[j]) or _DOC_NO_RE.match(lines[j]):
                end = j
                break
        body = sum(len(lines[j]) for j in range(idx + 1, end))
        score = body + (10**7 if year is not None and str(year) in title else 0)
        if best is None or score > best[0]:
            best = (score, idx, end)
    if best is None or best[0] == 0:
        return None
    return best[1], best[2]


_MAIN_TARGETS_RE = re.compile(r"主要预期目标(?:是|为)?：?(.+)")


def _find_main_targets(lines: list[str]) -> str | None:
    for l in lines:
        m = _MAIN_TARGETS_RE.search(l)
        if m and re.search(r"\d", m.group(1)):
            return m.group(1).strip()
    return None


# --------------------------------------------------------------------------
# 主要预期目标
# --------------------------------------------------------------------------

_TARGET_VERBS = r"增长|下降|降低|提高|提升|达到|达|控制在|稳定在|保持在|保持|突破|超过|跨越|完成|实现|不低于|不少于|低于|高于"
_TARGET_VALUE_RE = re.compile(
    rf"(?P<verb>{_TARGET_VERBS})?(?P<num>-?{_NUM})\s*(?P<unit>(?:万|亿)?{_UNIT})?(?P<qual>{_QUALIFIER})?"
)
_SYNC_RE = re.compile(r"与.{0,8}同步")


def _text_target_start(clause: str) -> int | None:
    """Where a textual target (``与经济同步``, ``控制在省下达指标以内``, ``完成省下达任务``) starts.

    What ``与.{0,8}同步|控制在.+内|完成.*下达`` would find, without a regex: that one
    backtracks from every 控制在 to the end of the clause (5.8 s on a 60,000-character one).
    """
    starts = []
    m = _SYNC_RE.search(clause)
    if m:
        starts.append(m.start())
    i = clause.find("控制在")
    if i >= 0 and clause.find("内", i + 4) >= 0:
        starts.append(i)
    i = clause.find("完成")
    if i >= 0 and clause.find("下达", i + 2) >= 0:
        starts.append(i)
    return min(starts, default=None)


def parse_main_targets(sentence: str) -> list[TargetItem]:
    """Indicators in a 主要预期目标 sentence.

    ``地区生产总值增长7.5%左右，加速冲刺千亿大关；…；城镇调查失业率5.5%以内``
    gives one :class:`TargetItem` per indicator. Items are separated by ；
    (or ， when the sentence uses only commas); a clause without a number
    inherits the name of the clause before it (``地区生产总值跨越千亿台阶，增长7%以上``).
    Textual targets such as ``与经济同步`` are kept with ``number=None``.
    """
    text = _clean(sentence)
    text = re.sub(r"^.*?主要预期目标(?:是|为)?：", "", text).rstrip("。")
    items: list[TargetItem] = []
    for item in re.split(r"[；;]", text):
        name = ""
        for clause in re.split(r"[，,]", item):
            clause = clause.strip()
            if not clause:
                continue
            m = _TARGET_VALUE_RE.search(clause)
            subject = clause[:m.start()] if m else re.split(_TARGET_VERBS + "|与", clause)[0]
            subject = subject.strip()
            if subject and not re.search(r"^(加速|力争|努力|奋力|确保)", subject):
                name = subject
            if m and (m.group("unit") or m.group("verb") or m.group("qual")):
                number = float(m.group("num"))
                items.append(TargetItem(
                    name=name or subject, value_text=clause[m.start():m.end()] if name else clause,
                    number=number, unit=m.group("unit"), qualifier=m.group("qual"),
                ))
            elif (start := _text_target_start(clause)) is not None:
                items.append(TargetItem(name=name or clause[:start], value_text=clause[start:]))
    return items
