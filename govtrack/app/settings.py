"""Every setting the office can change, in one catalogue: office identity, report texts, fonts,
and the rule settings. Shown and changed by the window's 设置 page and ``govtrack settings``.

Rule settings are checked by :meth:`StatusService.set_rule_setting`; the others are texts
(a font key must name an existing file). Every change is audited; 恢复默认 removes the stored value.
:meth:`SettingsService.set_many` saves what a form edited at once, all or nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..rules import RuleSettings
from ..store import rules_state
from .context import Changes, Context, Service
from .status import StatusService


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    group: str
    default: Any = ""
    kind: str = "text"          # text / multiline / file / rule


OFFICE_SETTINGS = (
    SettingSpec("office.name", "机关全称（通报版头、落款）", "机关", "市人民政府督查室"),
    SettingSpec("office.short", "机关简称", "机关", "督查室"),
    SettingSpec("report.to", "主送", "报送", ""),
    SettingSpec("report.cc", "抄送", "报送", ""),
    SettingSpec("report.issuer", "印发机关", "报送", ""),
    SettingSpec("report.contact", "联系人", "报送", ""),
    SettingSpec("report.phone", "联系电话", "报送", ""),
    SettingSpec("report.issue_no", "通报期号格式（{n} 为期数）", "报送", "第{n}期"),
    SettingSpec("report.requirements", "下步工作要求（通报正文模板）", "文字", "", "multiline"),
    SettingSpec("font.fangsong", "仿宋字体文件", "字体", "", "file"),
    SettingSpec("font.heiti", "黑体字体文件", "字体", "", "file"),
    SettingSpec("font.kaiti", "楷体字体文件", "字体", "", "file"),
    SettingSpec("font.songti", "宋体字体文件", "字体", "", "file"),
    SettingSpec("font.xiaobiaosong", "小标宋字体文件", "字体", "", "file"),
)
RULE_LABELS = {
    "tolerance": "欠进度容差（百分点）", "red_gap": "红灯差距（百分点）", "near_days": "临近时限（天）",
    "default_start": "计划起始日（月-日）", "default_end": "计划结束日（月-日）",
    "report_lead_days": "报送提前提醒（天）", "task_lead_days": "时限提前提醒（天）",
    "move_to_workday": "报送日遇节假日提前到工作日", "report_rule": "报送规则（monthly/quarterly/RRULE）",
}


def catalogue() -> list[SettingSpec]:
    defaults = asdict(RuleSettings())
    rules = [SettingSpec(rules_state.RULES_PREFIX + f.name, RULE_LABELS.get(f.name, f.name), "规则",
                         defaults[f.name], "rule") for f in fields(RuleSettings)]
    return list(OFFICE_SETTINGS) + rules


class SettingsService(Service):
    """Show, change and reset every setting."""

    def __init__(self, ctx: Context, status: StatusService):
        self.ctx = ctx
        self.status = status


    def _spec(self, key: str) -> SettingSpec:
        key = key.strip()
        for spec in catalogue():
            if key in (spec.key, spec.key.removeprefix(rules_state.RULES_PREFIX)):
                return spec
        known = "、".join(s.key for s in catalogue())
        raise InputError(f"没有名为「{key}」的设置。可设置：{known}。", field=key)

    def show(self) -> list[dict]:
        """Each setting: key, label, group, kind, value (stored or default), default, is_default."""
        stored = rules_state.settings_values(self.db)
        rules = asdict(self.status.rule_settings())
        out = []
        for spec in catalogue():
            if spec.kind == "rule":
                value = rules[spec.key.removeprefix(rules_state.RULES_PREFIX)]
            else:
                value = stored.get(spec.key, spec.default)
            out.append({"key": spec.key, "label": spec.label, "group": spec.group, "kind": spec.kind,
                        "value": value, "default": spec.default, "is_default": spec.key not in stored})
        return out

    def set(self, key: str, value: Any) -> dict:
        """Change one setting after checking it (audited); returns its new entry."""
        spec = self._spec(key)
        if spec.kind == "rule":
            self.status.set_rule_setting(spec.key, value)
        else:
            text = "" if value is None else str(value).strip()
            if spec.kind == "file" and text and not Path(text).is_file():
                raise InputError(f"字体文件「{text}」不存在。", field=spec.label)
            with self.db.atomic():
                rules_state.save_setting(self.db, spec.key, text)
        return next(s for s in self.show() if s["key"] == spec.key)

    def set_many(self, values: dict[str, Any]) -> Changes:
        """Change several settings at once, all or nothing: every value is checked (rule
        settings against each other, in any order), each change is audited, all in one
        transaction. A bad value names its field by its Chinese label and nothing is saved.

        :param values: key → value, as :meth:`set` takes them
        :returns: one :class:`~govtrack.app.context.Changes` (``result``: the new entries, in
            the order given)
        """
        specs = [(self._spec(key), value) for key, value in values.items()]
        mark = self.ctx.mark()
        problems: list[tuple[SettingSpec, InputError]] = []
        with self.db.atomic():
            # Each value is checked by :meth:`set` against the settings as they stand; a rule
            # value refused only because of another one being changed with it (容差 above
            # the old 红灯差距) is tried again after the others, so the order does not matter.
            pending = specs
            while pending:
                problems = []
                for spec, value in pending:
                    try:
                        self.set(spec.key, value)
                    except InputError as e:     # keep checking the others, to name every bad one
                        problems.append((spec, e))
                if len(problems) == len(pending):
                    break
                retry = {spec.key for spec, _e in problems}
                pending = [(spec, value) for spec, value in pending if spec.key in retry]
            if problems:                    # raising inside the transaction undoes what was set
                first = problems[0][0]
                raise InputError("设置有误，本次修改均未保存：" + "；".join(
                    f"「{spec.label}」：{e.plain}" for spec, e in problems), field=first.label)
        changes = self.ctx.changes_since(mark)
        shown = {e["key"]: e for e in self.show()}
        return Changes(changes.kinds, [shown[spec.key] for spec, _ in specs])

    def reset(self, key: str) -> dict:
        """恢复默认: remove the stored value (audited)."""
        spec = self._spec(key)
        with self.db.atomic():
            rules_state.delete_setting(self.db, spec.key)
        return next(s for s in self.show() if s["key"] == spec.key)
