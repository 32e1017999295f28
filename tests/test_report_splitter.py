"""The report splitter on the real 潜江 reports (2025 clean + plans after it; 2024 cut short, noisy)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from govtrack.importers.report_splitter import (
    extract_targets, find_deadline_text, parse_main_targets, split_report,
)

SEEDS = Path(__file__).resolve().parent.parent / "resources" / "seeds"
REPORT_2025 = SEEDS / "000_bdc9bde047d2e4ec.txt"
REPORT_2024 = SEEDS / "002_296ffee7f68e8bd1.txt"

pytestmark = pytest.mark.skipif(not REPORT_2025.exists(), reason="seed documents not available")


@pytest.fixture(scope="module")
def text_2025() -> str:
    return REPORT_2025.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def split_2025(text_2025):
    return split_report(text_2025)


@pytest.fixture(scope="module")
def split_2024():
    return split_report(REPORT_2024.read_text(encoding="utf-8"))


def _all_content(result) -> str:
    return "\n".join(t.content + (t.lead_phrase or "") for t in result.tasks)


# ---------------------------------------------------------------- 2025 report

SECTIONS_2025 = [
    "（一）坚定不移融入区域发展，加快建设四化示范引领的奋进潜江",
    "（二）坚定不移促进供需对接，加快建设经济量质齐升的崛起潜江",
    "（三）坚定不移培育新质生产力，加快建设产业加速向新的蝶变潜江",
    "（四）坚定不移推进新型城镇化，加快建设城镇宜居宜业的魅力潜江",
    "（五）坚定不移实施强县工程，加快建设乡村全面振兴的富裕潜江",
    "（六）坚定不移深化改革开放，加快建设内生动力更足的活力潜江",
    "（七）坚定不移推动绿色发展，加快建设人与自然和谐共生的美丽潜江",
    "（八）坚定不移增进民生福祉，加快建设群众可感可及的幸福潜江",
]


def test_2025_finds_the_key_work_chapter(split_2025):
    assert split_2025.chapter_title == "二、2025年重点工作"
    assert split_2025.chapter_line == 95
    assert split_2025.year == 2025


def test_2025_has_exactly_the_eight_sections_in_order(split_2025):
    assert split_2025.sections == SECTIONS_2025
    for section in SECTIONS_2025:
        assert len(split_2025.tasks_in(section)) >= 3, section
    assert {t.section for t in split_2025.tasks} == set(SECTIONS_2025)


def test_2025_task_count_and_numbering(split_2025):
    # 124 on the current heuristics; a wide band so tuning does not break the test.
    assert 100 <= len(split_2025.tasks) <= 160
    assert [t.seq for t in split_2025.tasks] == [str(i) for i in range(1, len(split_2025.tasks) + 1)]
    assert all(95 < t.source_line < 199 for t in split_2025.tasks)


def test_2025_leaves_out_the_review_of_2024(split_2025):
    content = _all_content(split_2025)
    for review_phrase in [
        "地区生产总值完成951.97亿元",           # ——综合实力实现新提升
        "石油化工产业入选全省县域特色产业集群",  # ——绿色转型汇聚新动能
        "重大项目支撑有力",                    # 回顾 （一）
        "始终将政治建设摆在首位",               # 回顾 （六）
        "过去一年，我们重点做了以下工作",
    ]:
        assert review_phrase not in content, review_phrase


def test_2025_leaves_out_framing_closing_and_the_plans_after_the_report(split_2025):
    content = _all_content(split_2025)
    for phrase in [
        "今年工作的总体要求是",                 # 总体要求
        "主要预期目标",                        # kept separately as main_targets
        "始终把潜江放在支撑构建新发展格局中去谋划",  # section intro, not a task
        "坚持依法行政",                        # 三、加强政府自身建设
        "征程万里风正劲",                      # closing exhortation
        "府检联动", "联席会议", "共同维护国家安全",  # 府检联动实施方案
        "制造业数字化转型实施方案",              # second plan
    ]:
        assert phrase not in content, phrase
    assert (199, "第199行起：三、加强政府自身建设（不属于重点工作）") in split_2025.skipped


def test_2025_lead_phrases_and_sentences(split_2025):
    first = split_2025.tasks[0]
    assert first.section == SECTIONS_2025[0]
    assert first.lead_phrase == "在长江经济带高质量发展中担当作为"
    assert first.content.startswith("坚持共抓大保护、不搞大开发，扎实推进长江高水平保护十大提质增效行动")
    assert first.source_line == 107
    # A sentence broken across a page end (lines 129/131) is rejoined.
    task = next(t for t in split_2025.tasks if t.content.startswith("全面完成国家创新型县"))
    assert task.content == "全面完成国家创新型县（市）创建任务，建成全国有影响力的创新型县（市）。"
    assert task.lead_phrase == "强化科技创新硬核支撑力"
    # Lead phrases are sub-headings, never tasks on their own.
    assert not any(t.content == "扩大有效益的投资。" for t in split_2025.tasks)


def test_2025_targets_for_known_sentences(split_2025):
    def task_with(fragment):
        return next(t for t in split_2025.tasks if fragment in t.content)

    assert task_with("双千兆").targets == ["新建5G基站1900座以上", "5G-A基站10座以上"]
    assert task_with("电商交易额").targets == ["实现电商交易额突破60亿元"]
    assert task_with("新登记经营主体").targets == ["新登记经营主体1.3万户", "总量突破12.5万户"]
    assert "新增“四上”企业120家" in task_with("四上").targets
    assert "城市污水收集率达70%以上" in task_with("城市污水收集率").targets
    assert task_with("推动泽口、王场园区一体化发展").targets == []


def test_2025_main_targets(split_2025):
    assert split_2025.main_targets.startswith("地区生产总值增长7.5%左右，加速冲刺千亿大关；规上工业增加值增长9.5%左右")
    items = parse_main_targets(split_2025.main_targets)
    assert [i.name for i in items] == [
        "地区生产总值", "规上工业增加值", "固定资产投资", "社会消费品零售总额",
        "一般公共预算收入", "进出口总额", "城乡居民人均可支配收入",
    ]
    gdp = items[0]
    assert (gdp.value_text, gdp.number, gdp.unit, gdp.qualifier) == ("增长7.5%左右", 7.5, "%", "左右")
    assert items[-1].value_text == "与经济同步" and items[-1].number is None


def test_2025_is_fast(text_2025):
    started = time.perf_counter()
    split_report(text_2025)
    assert time.perf_counter() - started < 0.5


# ---------------------------------------------------------------- 2024 report (noisy)

def test_2024_splits_as_far_as_the_text_goes(split_2024):
    assert split_2024.chapter_title == "二、2024年重点工作"
    assert split_2024.chapter_line == 75          # not the table of contents at line 23
    assert split_2024.sections == [
        "（一）着力落实“双集中”，实现“一城三基地”新突破",
        "（二）着力扩内需强主体，塑造发展动能新优势",
    ]
    assert len(split_2024.tasks_in(split_2024.sections[0])) >= 15
    assert len(split_2024.tasks_in(split_2024.sections[1])) >= 2
    last = split_2024.tasks[-1]
    assert last.content.endswith("质量效益")      # the copy breaks off here
    assert last.note == "原文在此中断，句子不完整"
    assert last.source_line == 97


def test_2024_has_no_boilerplate_task(split_2024):
    content = _all_content(split_2024)
    for junk in ["版权", "下载", "登录", "客服", "微信", "会员", "VIP", "回到顶部", "确认删除", "电脑桌面",
                 "2024年潜江市政府工作报告"]:
        assert junk not in content, junk
    reasons = dict(split_2024.skipped)
    assert reasons[99] == "网站版权/下载声明"
    assert reasons[102] == "网站客服提示"
    assert reasons[108] == reasons[111] == "网页导航"
    assert reasons[106] == "重复的页眉/标题"


def test_2024_leaves_out_review_and_framing(split_2024):
    content = _all_content(split_2024)
    for phrase in ["完成地区生产总值904.92亿元", "城市更新全面提速", "经济总量突破千亿大关，是一个",
                   "抓项目扩投资是促发展"]:
        assert phrase not in content, phrase


def test_2024_half_width_punctuation_and_footnotes_are_normalized(split_2024):
    task = next(t for t in split_2024.tasks if "虾十条" in t.content)
    assert task.content.startswith("奋力落实“虾十条”，聚焦“五个一、一个五”发展目标，")  # ⑰ dropped, ， full width
    assert "力争综合产值达870亿元" in task.targets


def test_2024_main_targets(split_2024):
    items = parse_main_targets(split_2024.main_targets)
    assert items[0].name == "地区生产总值"
    assert (items[0].value_text, items[0].number, items[0].qualifier) == ("增长7%以上", 7.0, "以上")
    assert [i.name for i in items][-1] == "城乡居民人均可支配收入"


# ---------------------------------------------------------------- helpers

def test_parse_main_targets_sample_from_the_brief():
    items = parse_main_targets(
        "地区生产总值增长7.5%左右，规模以上工业增加值增长8%，城镇新增就业1.2万人以上，城镇调查失业率5.5%以内"
    )
    assert [(i.name, i.value_text, i.number, i.unit, i.qualifier) for i in items] == [
        ("地区生产总值", "增长7.5%左右", 7.5, "%", "左右"),
        ("规模以上工业增加值", "增长8%", 8.0, "%", None),
        ("城镇新增就业", "1.2万人以上", 1.2, "万人", "以上"),
        ("城镇调查失业率", "5.5%以内", 5.5, "%", "以内"),
    ]


def test_deadline_phrases():
    assert find_deadline_text("6月底前完成主体工程建设。") == "6月底前"
    assert find_deadline_text("年底前建成投用。") == "年底前"
    assert find_deadline_text("力争三季度末开工。") == "三季度末"
    assert find_deadline_text("2025年12月31日前完成。") == "2025年12月31日前"
    assert find_deadline_text("加快建设现代水网。") is None


def test_extract_targets_keeps_lists_with_分别_together():
    assert extract_targets("科技型中小企业、高新技术企业分别达30家、68家。") == [
        "科技型中小企业、高新技术企业分别达30家、68家"]
    assert extract_targets("新增停车位1300个、口袋公园2个；") == ["新增停车位1300个", "口袋公园2个"]


def test_report_without_key_work_chapter_is_reported_not_guessed():
    result = split_report("各位代表：\n现在，我代表市人民政府向大会报告工作。\n")
    assert result.tasks == [] and result.sections == []
    assert result.skipped and "未找到" in result.skipped[0][1]


def test_chapter_without_sections_uses_paragraphs_after_the_general_requirements():
    text = "\n".join([
        "一、2024年工作回顾",
        "过去一年，我们新建学校3所。",
        "二、今年工作安排",
        "今年工作的总体要求是：坚持稳中求进。",
        "一是加快项目建设。年底前新开工项目20个以上。",
        "二是抓好民生实事。完成老旧小区改造30个。",
    ])
    result = split_report(text, year=2025)
    assert result.sections == []
    assert [(t.lead_phrase, t.content, t.deadline_text, t.source_line) for t in result.tasks] == [
        ("一是加快项目建设", "年底前新开工项目20个以上。", "年底前", 5),
        ("二是抓好民生实事", "完成老旧小区改造30个。", None, 6),
    ]
    assert result.tasks[0].targets == ["年底前新开工项目20个以上"]


def test_page_furniture_inside_a_sentence_and_prose_that_mentions_web_words():
    text = "\n".join([
        "潜江市人民政府公报",
        "二、2025年重点工作",
        "（一）加快项目建设，壮大实体经济。统筹推进。",
        "推进产业升级。新建标准厂房10万平方米，",
        "— 5 —",
        "潜江市人民政府公报",
        "6月底前全部投用。加强版权保护，推动政务数据开放下载。",
        "三、加强政府自身建设",
        "坚持依法行政。",
    ])
    result = split_report(text)
    assert result.sections == ["（一）加快项目建设，壮大实体经济"]
    assert [(t.lead_phrase, t.content, t.source_line) for t in result.tasks] == [
        ("推进产业升级", "新建标准厂房10万平方米，6月底前全部投用。", 4),
        ("推进产业升级", "加强版权保护，推动政务数据开放下载。", 7),
    ]
    assert result.tasks[0].deadline_text == "6月底前"
    assert result.tasks[0].targets == ["新建标准厂房10万平方米"]
    assert (5, "页码") in result.skipped and (6, "重复的页眉/标题") in result.skipped


def test_sentences_end_after_a_closing_quote_and_survive_a_lost_quote():
    from govtrack.importers.report_splitter import _split_sentences

    assert [s for _, s in _split_sentences("推广“企业吹哨、部门报到。”持续优化服务。")] == [
        "推广“企业吹哨、部门报到。”", "持续优化服务。"]
    lost = "实施“" + "甲" * 90 + "工程。推进乙项目建设。"
    assert [s for _, s in _split_sentences(lost)][-1] == "推进乙项目建设。"
