"""Keeping the effective-dated registry in step with the 学校 sheet of an imported census year.

The rule (docs/census-import.md): a census workbook is the whole census of every county that appears
in it. For school year Y:
- a school not in Y's registry opens (开办) from Y;
- a school whose region changed moves (迁址), whose name changed is renamed (更名), whose other
  attributes changed is changed (变更) — a new version from Y, the old one ends at Y;
- a school of Y's registry in one of the workbook's counties that the workbook leaves out is closed
  (撤销) from Y. Schools of other counties are never touched. If that would close more than half of a
  county's schools (and more than ``PARTIAL_GUARD`` of them), the workbook is taken for a partial
  one and refused.
Re-importing the same year corrects the versions that year's earlier import made, in place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Min

from eduplan.contract import county_of, town_of
from eduplan.errors import IngestError, Problem
from eduplan.store import audit
from eduplan.store.bulk import bulk_insert
from eduplan.store.models import School, SchoolVersion
from eduplan.store.registry import _VERSION_FIELDS, versions_in_year

# The attributes the 学校 sheet gives a school; county_code follows from region_id.
ATTRIBUTES = tuple(f for f in _VERSION_FIELDS if f != "county_code")
PARTIAL_GUARD = 5


@dataclass
class RegistryChange:
    code: str
    change: str  # 开办 更名 迁址 变更 撤销 (恢复: a school closed by an earlier import of the same year)
    after: dict[str, Any] | None = None  # the workbook's attributes (None for 撤销)
    changed: list[str] = field(default_factory=list)  # which attributes changed

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "change": self.change, "changed": self.changed}


def workbook_attributes(schools: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """school code → the registry attributes the 学校 sheet gives it."""
    columns = []
    for key in ATTRIBUTES:
        name = "region_code" if key == "region_id" else key
        values: list[Any]
        if name not in schools.columns:
            values = [None] * len(schools)
        else:  # column by column: NA → None, numpy scalars → Python (as _plain does for one value)
            series = schools[name]
            values = series.astype(object).where(series.notna(), None).tolist()
            if series.dtype == object:
                values = [v if type(v) is str else _plain(v) for v in values]
        if key in ("parent_code", "group_name"):
            values = [v or "" for v in values]
        columns.append(values)
    codes = [str(c) for c in schools["school_code"].tolist()]
    return {code: dict(zip(ATTRIBUTES, values, strict=True)) for code, *values in zip(codes, *columns, strict=True)}


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _open_versions(year: int) -> dict[str, SchoolVersion]:
    return {v.school_id: v for v in versions_in_year(year)}


def plan_registry(schools: pd.DataFrame, year: int, file: str = "") -> list[RegistryChange]:
    """The registry changes importing this 学校 sheet as school year ``year`` would make."""
    wanted = workbook_attributes(schools)
    current = _open_versions(year)
    closed_this_year = {
        v.school_id
        for v in SchoolVersion.objects.filter(valid_to=year).exclude(end_reason="")
        if v.school_id in wanted and v.school_id not in current
    }
    plan: list[RegistryChange] = []
    for code, attrs in wanted.items():
        version = current.get(code)
        if version is None:
            plan.append(RegistryChange(code, "恢复" if code in closed_this_year else "开办", attrs))
            continue
        changed = [k for k in ATTRIBUTES if getattr(version, k) != attrs[k]]
        if changed:
            plan.append(RegistryChange(code, _kind(changed), attrs, changed))
    counties = {county_of(str(a["region_id"])) for a in wanted.values()}
    for code, version in sorted(current.items()):
        if code not in wanted and version.county_code in counties:
            plan.append(RegistryChange(code, "撤销"))
    _refuse_partial_workbook(plan, current, counties, file)
    return plan


def _refuse_partial_workbook(
    plan: list[RegistryChange], current: dict[str, SchoolVersion], counties: set[str], file: str
) -> None:
    problems = []
    registered_in = Counter(v.county_code for v in current.values())
    closing_in = Counter(current[c.code].county_code for c in plan if c.change == "撤销")
    for county in sorted(counties):
        registered, closing = registered_in[county], closing_in[county]
        if closing > PARTIAL_GUARD and closing * 2 > registered:
            problems.append(
                Problem(
                    file,
                    f"工作簿缺少县区 {county} 名录中的 {closing} 所学校（共 {registered} 所），不像全县数据："
                    "导入会把它们全部记为撤销。请导入全县完整的工作簿",
                    sheet="学校",
                    expected=f"县区 {county} 的全部学校",
                    found=f"缺少 {closing} 所",
                )
            )
    if problems:
        raise IngestError(problems)


def apply_registry(
    plan: list[RegistryChange], year: int, user: AbstractBaseUser | AnonymousUser | None = None
) -> dict[str, int]:
    """Make the planned changes (inside the caller's transaction) and record one audit entry for them."""
    current = _open_versions(year)
    opened = {c.code for c in plan if c.change == "开办"}
    if opened:  # a school known from another year keeps its row
        opened -= set(School.objects.values_list("code", flat=True))
    bulk_insert(School, ["code"], [(code,) for code in sorted(opened)])
    create: list[dict[str, Any]] = []
    update: list[SchoolVersion] = []
    delete: list[int] = []
    # A school opened in an earlier year than its first registered version (a past year imported late)
    # gets a version up to that first one, so versions never overlap.
    later = dict(
        SchoolVersion.objects.filter(valid_from__gt=year)
        .values("school_id")
        .annotate(first=Min("valid_from"))
        .values_list("school_id", "first")
    )
    for change in plan:
        if change.change == "开办":
            create.append(_version(change.code, year, later.get(change.code), "开办", change.after or {}))
        elif change.change == "恢复":
            _reopen(change, year, create, update)
        elif change.change == "撤销":
            delete.extend(_close(current[change.code], year, update))
        else:
            _change(current[change.code], change, year, create, update)
    SchoolVersion.objects.filter(pk__in=delete).delete()
    SchoolVersion.objects.bulk_update(update, ["valid_to", "end_reason", *_FIELDS], batch_size=2000)
    pick = itemgetter(*_COLUMNS)
    bulk_insert(SchoolVersion, _COLUMNS, [pick(row) for row in create])
    counts: dict[str, int] = {}
    for change in plan:
        counts[change.change] = counts.get(change.change, 0) + 1
    # One entry per town touched, placed in that town: the audit pages show it to every user whose scope holds the
    # town (a town's office included), and a move appears in both the town left and the town joined.
    by_town: dict[str, list[RegistryChange]] = {}
    for change in plan:
        for town in _towns_of(change, current):
            by_town.setdefault(town, []).append(change)
    for town, changes in sorted(by_town.items()):
        tally: dict[str, int] = {}
        for change in changes:
            tally[change.change] = tally.get(change.change, 0) + 1
        audit.record(
            user,
            "registry.census",
            "School",
            summary=f"{year}学年普查导入更新名录：" + "，".join(f"{k} {v} 所" for k, v in tally.items()),
            after={"year": year, "changes": [c.as_dict() for c in changes]},
            region_code=town,
        )
    return counts


def _towns_of(change: RegistryChange, current: dict[str, SchoolVersion]) -> list[str]:
    """The towns (9-digit codes; the county's 6 for a school placed at county level) a change is about: where the
    school is after it, and where it was before."""
    places = {str((change.after or {}).get("region_id") or "")}
    if change.code in current:
        places.add(str(current[change.code].region_id or ""))
    return sorted({town_of(p) for p in places if p})


_FIELDS = (*ATTRIBUTES, "county_code", "change")
_COLUMNS = [f.attname for f in SchoolVersion._meta.concrete_fields if not f.primary_key]


_DEFAULTS = {f.attname: f.get_default() for f in SchoolVersion._meta.concrete_fields if not f.primary_key}


def _version(code: str, year: int, valid_to: int | None, change: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """A new version's row (field attname → value; a model instance per school cost more than its insert)."""
    return (
        _DEFAULTS
        | attrs
        | {
            "school_id": code,
            "valid_from": year,
            "valid_to": valid_to,
            "change": change,
            "county_code": county_of(str(attrs["region_id"])),
        }
    )


def _change(
    version: SchoolVersion, change: RegistryChange, year: int, create: list[dict[str, Any]], update: list[SchoolVersion]
) -> None:
    attrs = change.after or {}
    if version.valid_from == year:  # a version this year's earlier import made: correct it in place
        for key, value in attrs.items():
            setattr(version, key, value)
        version.county_code = county_of(str(attrs["region_id"]))
        update.append(version)
        return
    create.append(_version(change.code, year, version.valid_to, change.change, attrs))
    version.valid_to = year
    update.append(version)


def _close(version: SchoolVersion, year: int, update: list[SchoolVersion]) -> list[int]:
    if version.valid_from < year:
        version.valid_to, version.end_reason = year, "撤销"
        update.append(version)
        return []
    # Opened or changed by an earlier import of this same year: drop that version; its predecessor ends here.
    before = SchoolVersion.objects.filter(school_id=version.school_id, valid_to=year).first()
    if before is not None:
        before.end_reason = "撤销"
        update.append(before)
    return [version.pk]


def _reopen(change: RegistryChange, year: int, create: list[dict[str, Any]], update: list[SchoolVersion]) -> None:
    """A school an earlier import of this year closed is in the census after all: its version goes on."""
    version = SchoolVersion.objects.get(school_id=change.code, valid_to=year)
    later = SchoolVersion.objects.filter(school_id=change.code, valid_from__gt=year).order_by("valid_from").first()
    version.valid_to = later.valid_from if later else None
    version.end_reason = ""
    attrs = change.after or {}
    changed = [k for k in ATTRIBUTES if getattr(version, k) != attrs[k]]
    if not changed:
        update.append(version)
        return
    _change(version, RegistryChange(change.code, _kind(changed), attrs, changed), year, create, update)


def _kind(changed: list[str]) -> str:
    """One word for a version's change: a move outranks a new name, which outranks any other change."""
    return "迁址" if "region_id" in changed else "更名" if "name" in changed else "变更"
