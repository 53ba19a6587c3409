"""Reading and writing the effective-dated school registry."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Q, QuerySet

from eduplan.contract import COUNTY_CODE_LENGTH, county_of
from eduplan.errors import NotFound, UsageError
from eduplan.store import audit
from eduplan.store.models import School, SchoolVersion

REGISTRY_COLUMNS = (
    "school_code",
    "name",
    "school_type",
    "sponsor",
    "inclusive",
    "urban_rural",
    "region_code",
    "county_code",
    "parent_code",
    "group_name",
    "lon",
    "lat",
)


def versions_in_year(year: int, region_prefix: str = "") -> QuerySet[SchoolVersion]:
    """The registry as it stood in school year ``year``: one version per school open that year."""
    qs = SchoolVersion.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=year), valid_from__lte=year)
    if region_prefix:
        qs = qs.filter(region__code__startswith=region_prefix)
        if len(region_prefix) >= COUNTY_CODE_LENGTH:  # the same schools, found through the county_code index
            qs = qs.filter(county_code=region_prefix[:COUNTY_CODE_LENGTH])
    return qs.order_by("school_id")


# Model field → contract key, for the columns whose names differ.
_FIELD_KEYS = {"school_id": "school_code", "region_id": "region_code"}
_KEY_FIELDS = {key: field for field, key in _FIELD_KEYS.items()}


def registry_frame(year: int, region_prefix: str = "") -> pd.DataFrame:
    """The year's registry as the ``schools`` table core reads (contract keys)."""
    fields = [_KEY_FIELDS.get(key, key) for key in REGISTRY_COLUMNS]
    rows = versions_in_year(year, region_prefix).values_list(*fields)  # tuples: no dict per school
    return pd.DataFrame(list(rows), columns=fields).rename(columns=_FIELD_KEYS)


def school_history(school_code: str) -> list[SchoolVersion]:
    return list(SchoolVersion.objects.filter(school_id=school_code).order_by("valid_from"))


def current_version(school_code: str, year: int) -> SchoolVersion | None:
    return versions_in_year(year).filter(school_id=school_code).first()


def do_open_school(
    code: str, year: int, user: AbstractBaseUser | AnonymousUser | None = None, **attributes: Any
) -> SchoolVersion:
    """Register a new school from school year ``year``."""
    with transaction.atomic():
        if SchoolVersion.objects.filter(school_id=code).exists():
            raise UsageError(f"学校标识码 {code} 已在名录中；改名、迁址请用变更")
        school, _ = School.objects.get_or_create(code=code)
        version = SchoolVersion.objects.create(
            school=school,
            valid_from=year,
            change="开办",
            county_code=county_of(str(attributes["region_id"])),
            **attributes,
        )
        audit.record(user, "registry.open", "School", code, summary=f"{year}学年开办", after=_snapshot(version))
    return version


def do_change_school(
    code: str,
    year: int,
    change: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
    **changes: Any,
) -> SchoolVersion:
    """Rename, move or otherwise change a school from school year ``year`` on; earlier years keep the old version."""
    if change not in ("更名", "迁址", "变更"):
        raise UsageError(f"变更类型 {change!r} 不对：应为 更名、迁址 或 变更")
    with transaction.atomic():
        old = _open_version(code, year)
        fields = {f: getattr(old, f) for f in _VERSION_FIELDS}
        fields.update(changes)
        if "region_id" in changes:
            fields["county_code"] = county_of(str(changes["region_id"]))
        new = SchoolVersion(school_id=code, valid_from=year, valid_to=old.valid_to, change=change, **fields)
        if old.valid_from == year:
            raise UsageError(f"学校 {code} 在 {year} 学年已有一个版本；同一学年只能记录一次变更")
        old.valid_to = year
        old.save(update_fields=["valid_to"])
        new.save()
        audit.record(
            user,
            f"registry.{change}",
            "School",
            code,
            summary=f"{year}学年{change}",
            before=_snapshot(old),
            after=_snapshot(new),
        )
    return new


def do_close_school(
    code: str, year: int, user: AbstractBaseUser | AnonymousUser | None = None, *, merged_into: str = ""
) -> SchoolVersion:
    """Close (撤销) or merge (合并) a school from school year ``year``: it is absent from that year's registry."""
    with transaction.atomic():
        version = _open_version(code, year)
        before = _snapshot(version)
        version.valid_to = year
        version.end_reason = "合并" if merged_into else "撤销"
        version.merged_into = merged_into
        version.save(update_fields=["valid_to", "end_reason", "merged_into"])
        audit.record(
            user,
            "registry.close",
            "School",
            code,
            summary=f"{year}学年{version.end_reason}",
            before=before,
            after=_snapshot(version),
        )
    return version


_VERSION_FIELDS = (
    "name",
    "school_type",
    "sponsor",
    "inclusive",
    "urban_rural",
    "region_id",
    "county_code",
    "parent_code",
    "group_name",
    "lon",
    "lat",
)


def _open_version(code: str, year: int) -> SchoolVersion:
    version = (
        SchoolVersion.objects.select_for_update()
        .filter(school_id=code, valid_from__lte=year)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=year))
        .first()
    )
    if version is None:
        raise NotFound(f"学校 {code} 在 {year} 学年不在名录中")
    return version


def _snapshot(version: SchoolVersion) -> dict[str, Any]:
    data = {f: getattr(version, f) for f in _VERSION_FIELDS}
    data.update(valid_from=version.valid_from, valid_to=version.valid_to, change=version.change)
    return data
