"""The office's own unit directory: add, rename (the old name kept as alias), merge, aliases,
kind, contact and phone, the official order, and the members of a group.

Names stay as the office writes them; every change is audited. Reports list units in the
official order (:meth:`UnitService.ordered`).

A group (各区镇街道) that lists its members stands for them: :func:`responsible_units` is the
one rule, used by progress entry, the fill-in forms, returns import, the reporting rule and
催报, that puts the members in the group's place on a task. A group without members is a
unit like any other.
"""

from __future__ import annotations

from ..errors import DuplicateError, InputError
from ..store import db as store
from ..store import ledger
from ..store import units_edit
from ..units import guess_kind, is_group
from .context import Context, Service

UNIT_FIELDS = ("kind", "contact", "phone")


def group_members(ctx: Context) -> dict[str, list[str]]:
    """Group name → its members, for every group that lists members (read once per version)."""
    return ctx.cached("group_members", lambda: units_edit.all_members(ctx.db))


def expand_groups(names: list[str], members: dict[str, list[str]]) -> list[str]:
    """``names`` with each group that lists members replaced by its members (order kept, once each).

    >>> expand_groups(["市财政局", "各区镇街道"], {"各区镇街道": ["泽口街道", "王场镇"]})
    ['市财政局', '泽口街道', '王场镇']
    """
    out: dict[str, None] = {}
    for n in names:
        for m in members.get(n) or [n]:
            out.setdefault(m)
    return list(out)


def responsible_units(task: dict, members: dict[str, list[str]]) -> dict[str, str]:
    """Who answers for a task: unit name → 'lead' | 'assist', the members of a group on the task
    in the group's place with its role (a unit both leads and assists: 'lead').

    >>> responsible_units({"lead": ["各区镇街道"], "assist": ["市财政局", "王场镇"]},
    ...                   {"各区镇街道": ["泽口街道", "王场镇"]})
    {'泽口街道': 'lead', '王场镇': 'lead', '市财政局': 'assist'}
    """
    out: dict[str, str] = {}
    for role in ("lead", "assist"):
        for name in expand_groups(task.get(role) or [], members):
            out.setdefault(name, role)
    return out


class UnitService(Service):
    """Changing the unit directory."""

    def __init__(self, ctx: Context):
        self.ctx = ctx


    def list(self) -> list[dict]:
        """Every unit with kind, aliases, contact, phone, order, members and task counts."""
        rows = ledger.list_units(self.db)
        for r in rows:
            full = units_edit.unit_row(self.db, r["id"]) or {}
            r["ord"] = full.get("ord")
            r["members"] = units_edit.members(self.db, r["id"]) if r["is_group"] else []
        return rows


    def members_of_groups(self) -> dict[str, list[str]]:
        """Group name → its members, for the groups that list them."""
        return group_members(self.ctx)

    def responsible_units(self, task: dict) -> dict[str, str]:
        """See :func:`responsible_units`: who answers for ``task`` (a task dict of the ledger)."""
        return responsible_units(task, group_members(self.ctx))

    def ordered(self, names: list[str]) -> list[str]:
        """``names`` in the office's official order (units without one after, as given)."""
        order = {r["name"]: (r["ord"] if r["ord"] is not None else 10**9, k)
                 for k, r in enumerate(self.list())}
        return sorted(names, key=lambda n: order.get(n, (10**9, 10**9)))

    def _free(self, name: str) -> str:
        name = (name or "").strip()
        if not name:
            raise InputError("单位名称不能为空。", field="单位名称")
        if ledger.unit_id(self.db, name) is not None:
            raise DuplicateError(f"单位名录中已有「{name}」（或同名的别名）。")
        return name

    def add(self, name: str, *, kind: str | None = None, contact: str = "", phone: str = "") -> dict:
        name = self._free(name)
        with self.db.atomic():
            uid = store.insert(self.db, "units", {
                "name": name, "kind": kind or guess_kind(name), "is_group": int(is_group(name)),
                "contact": contact.strip() or None, "phone": phone.strip() or None})
        return units_edit.unit_row(self.db, uid)

    def rename(self, unit: str, new_name: str) -> dict:
        """Rename a unit; the old name stays as an alias, so old documents still match."""
        uid, old = self.ctx.resolve_unit(unit)
        new_name = (new_name or "").strip()
        owner = ledger.unit_id(self.db, new_name)
        if owner is not None and owner != uid:
            raise DuplicateError(f"「{new_name}」已是另一个单位（或其别名），可用合并。")
        with self.db.atomic():
            if units_edit.alias_owner(self.db, new_name) == uid:
                units_edit.remove_alias(self.db, new_name)
            store.update(self.db, "units", uid, {"name": new_name})
            if units_edit.alias_owner(self.db, old) is None:
                units_edit.add_alias(self.db, old, uid)
        return units_edit.unit_row(self.db, uid)

    def merge(self, source: str, into: str) -> dict:
        """Merge ``source`` into ``into``: its tasks, reports and aliases move; its name becomes
        an alias of ``into``. Audited."""
        sid, sname = self.ctx.resolve_unit(source)
        tid, tname = self.ctx.resolve_unit(into)
        if sid == tid:
            raise InputError(f"「{source}」和「{into}」是同一个单位。", field="单位")
        with self.db.atomic():
            moved = units_edit.merge_units(self.db, sid, tid)
            if units_edit.alias_owner(self.db, sname) is None:
                units_edit.add_alias(self.db, sname, tid)
        return {"into": tname, "merged": sname, **moved}

    def add_alias(self, unit: str, alias: str) -> dict:
        uid, _ = self.ctx.resolve_unit(unit)
        alias = self._free(alias)
        with self.db.atomic():
            units_edit.add_alias(self.db, alias, uid)
        return units_edit.unit_row(self.db, uid)

    def remove_alias(self, alias: str) -> bool:
        with self.db.atomic():
            return units_edit.remove_alias(self.db, alias.strip())

    def set(self, unit: str, **values) -> dict:
        """Change kind, contact or phone."""
        uid, _ = self.ctx.resolve_unit(unit)
        bad = [k for k in values if k not in UNIT_FIELDS]
        if bad:
            raise InputError(f"不能设置「{'、'.join(bad)}」，可设置：{'、'.join(UNIT_FIELDS)}。", field="单位")
        with self.db.atomic():
            store.update(self.db, "units", uid, {k: (str(v).strip() or None) if v is not None else None
                                                 for k, v in values.items()})
        return units_edit.unit_row(self.db, uid)

    def set_order(self, names: list[str]) -> list[str]:
        """The office's official order: the named units first, in this order."""
        ids = [self.ctx.resolve_unit(n)[0] for n in names]
        with self.db.atomic():
            for k, uid in enumerate(ids, 1):
                store.update(self.db, "units", uid, {"ord": k})
        return [r["name"] for r in sorted(self.list(), key=lambda r: (r["ord"] is None, r["ord"] or 0))]

    def set_members(self, group: str, members: list[str]) -> list[str]:
        """A group (各区镇街道) lists its members: forms and 催报 go to them (empty: none, the
        group reports itself again). Audited row by row."""
        gid, gname = self.ctx.resolve_unit(group)
        ids = [self.ctx.resolve_unit(m)[0] for m in members]
        if gid in ids:
            raise InputError(f"「{gname}」不能是自己的成员。", field="成员")
        with self.db.atomic():
            store.update(self.db, "units", gid, {"is_group": 1})
            units_edit.set_members(self.db, gid, ids)
        return units_edit.members(self.db, gid)
