"""Building the demo region in the store from the seeded generator (``eduplan.demo``).

Idempotent: a store that already holds the demo is left as it is, so a second
``eduplan demo`` starts in seconds; ``reset=True`` (``make demo-reset``) starts over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from eduplan.contract import SHEETS, county_of
from eduplan.demo.stored import (
    do_load_demo_cases,
    do_load_demo_collection,
    do_load_demo_fitness,
    do_load_demo_quality,
    do_load_demo_supervision,
    do_load_demo_teachers,
)
from eduplan.store import audit
from eduplan.store.census import do_load_census
from eduplan.store.models import CensusVersion, Region, School, SchoolVersion, UserScope
from eduplan.store.models.accounts import (
    ROLE_ADMIN,
    ROLE_CLERK,
    ROLE_INSPECTOR,
    ROLE_LEADER,
    ROLE_PERSONNEL,
    ROLE_PLANNING,
    ROLE_SUPERVISION,
)
from eduplan.store.regions import do_load_shipped_regions

DEMO_PASSWORD = "eduplan-demo"
DEMO_SCOPE = "441800"  # 清远市
DEMO_USERS: tuple[tuple[str, str], ...] = (
    ("demo-admin", ROLE_ADMIN),
    ("demo-leader", ROLE_LEADER),
    ("demo-analyst", ROLE_PLANNING),
    ("demo-inspector", ROLE_INSPECTOR),
    ("demo-clerk", ROLE_CLERK),
    ("demo-personnel", ROLE_PERSONNEL),  # 人事科: the named teacher records (docs/teachers.md)
    ("demo-supervision", ROLE_SUPERVISION),  # 督导室: 责任区, term plans, escalations (docs/supervision.md)
)
Progress = Callable[[str, int], None]  # (what is being done, how many steps in all)


def demo_exists() -> bool:
    return CensusVersion.objects.filter(source="demo").exists()


DEMO_YEARS = range(2019, 2024)


def do_build_demo(seed: int = 20201, progress: Progress | None = None) -> dict[str, Any]:
    """Generate the demo province and store it: regions, registry history, census years, users."""
    from eduplan.demo import generate_demo
    from eduplan.demo.scores import demo_score_file
    from eduplan.store.scores import do_import_scores

    steps = 5 + len(DEMO_YEARS)

    def say(message: str) -> None:
        if progress is not None:
            progress(message, steps)

    if demo_exists():
        return {"created": False}
    say("生成演示数据 / generating demo data")
    province = generate_demo(seed=seed, years=DEMO_YEARS)
    # One hash of the published demo password for every demo login: a PBKDF2 hash costs ~0.5 s of CPU by design,
    # and a salt per user would hide nothing, the password being printed on the console.
    password = make_password(DEMO_PASSWORD)
    if not Region.objects.exists():
        do_load_shipped_regions()
    with transaction.atomic():
        _load_regions(province.regions)
        say("写入学校名录 / writing the school registry")
        _load_registry(province.registry_events)
        for year in sorted(province.census):
            say(f"写入 {year} 学年普查数据 / writing census {year}")
            tables = _census_tables(province.census[year])
            do_load_census(year, tables, source="demo", filename=f"demo-{seed}-{year}")
        clerk_school = _clerk_school()
        _create_demo_users(clerk_school, password)
        audit.record(None, "demo.build", "Demo", seed, summary=f"演示数据（seed {seed}）")
        supervision = do_load_demo_supervision(Region.objects.get(code="441802"), clerk_school)  # issue 18
    say("写入演示教师名册 / writing the demo teacher roster")
    teachers = _load_demo_teachers(seed)
    say("载入规划文本 / loading the seed plans")
    plans = _load_demo_plans()
    say("写入演示学生成绩 / writing the demo student scores")
    scores = do_import_scores(demo_score_file(province.census, seed), f"demo-scores-{seed}").rows
    _load_demo_quality_and_cases(seed)
    collection = do_load_demo_collection("441802", max(DEMO_YEARS), seed, clerk_school)  # docs/collection.md
    from eduplan.demo.admission_seed import do_build_admission_demo  # 积分入学 (docs/admission.md)

    admission = do_build_admission_demo(max(province.census), password=password)
    say("写入演示体测成绩 / writing the demo fitness results")  # docs/fitness.md
    fitness = do_load_demo_fitness(province.census, seed, clerk_school)
    return {
        "created": True,
        "years": sorted(province.census),
        "clerk_school": clerk_school,
        "plans": plans,
        "scores": scores,
        "teachers": teachers,
        "admission": admission,
        "supervision": supervision,
        "fitness": fitness,
        "collection": collection,
    }


def _load_demo_teachers(seed: int) -> int:
    """清城区's teacher roster of the last demo year and the year before (docs/teachers.md)."""

    return do_load_demo_teachers(max(DEMO_YEARS), seed)


def _load_demo_quality_and_cases(seed: int) -> None:
    """学业质量 marks and monitoring figures, and 控辍保学 cases, for 清城区 (docs/quality.md, docs/attendance.md)."""
    from datetime import date

    do_load_demo_quality("441802", max(DEMO_YEARS))
    do_load_demo_cases("441802", max(DEMO_YEARS), date.today(), seed)


def _load_regions(regions: pd.DataFrame) -> None:
    known = set(Region.objects.values_list("code", flat=True))
    rank = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4}
    ordered = regions.assign(_r=regions["level"].map(rank)).sort_values(["_r", "code"])
    for row in ordered.to_dict("records"):
        if row["code"] in known:
            continue
        Region.objects.create(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            parent_id=row.get("parent_code") or None,
            synthetic=bool(int(row.get("synthetic") or 0)),
        )
        known.add(row["code"])


def _none_if_nan(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


def _load_registry(events: pd.DataFrame) -> None:
    codes = sorted(set(events["school_code"]))
    School.objects.bulk_create([School(code=c) for c in codes], ignore_conflicts=True)
    versions = []
    for row in events.to_dict("records"):
        row = {k: _none_if_nan(v) for k, v in row.items()}
        region_code = str(row["region_code"])
        versions.append(
            SchoolVersion(
                school_id=row["school_code"],
                valid_from=int(row["valid_from"]),
                valid_to=int(row["valid_to"]) if row.get("valid_to") is not None else None,
                change=row.get("change") or "开办",
                name=row["name"],
                school_type=row["school_type"],
                sponsor=row["sponsor"],
                inclusive=_as_bool(row.get("inclusive")),
                urban_rural=row["urban_rural"],
                region_id=region_code,
                county_code=county_of(region_code),
                parent_code=row.get("parent_code") or "",
                group_name=row.get("group_name") or "",
                lon=row.get("lon"),
                lat=row.get("lat"),
                end_reason=row.get("end_reason") or "",
                merged_into=row.get("merged_into") or "",
            )
        )
    SchoolVersion.objects.bulk_create(versions, batch_size=2000)


def _as_bool(value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, str):
        return {"是": True, "否": False}.get(value)
    return bool(value)


def _census_tables(census: Any) -> dict[str, pd.DataFrame]:
    """The generator's sheets keyed by the contract's sheet names."""
    if isinstance(census, dict):
        return {sheet.name: census[sheet.name] for sheet in SHEETS if sheet.name in census}
    names = {"学校": "schools", "学段": "stages", "年级": "grades", "人口": "population"}
    return {sheet.name: getattr(census, names[sheet.name]) for sheet in SHEETS}


def _clerk_school() -> str:
    """The demo clerk's school: the first public primary school of 清城区 open in the latest year."""
    latest = CensusVersion.objects.filter(is_current=True).order_by("-year").values_list("year", flat=True).first()
    qs = SchoolVersion.objects.filter(county_code="441802", school_type="小学", sponsor="公办", valid_to__isnull=True)
    if latest is not None:
        qs = qs.filter(valid_from__lte=latest)
    version = qs.order_by("school_id").first()
    return version.school_id if version else ""


def _create_demo_users(clerk_school: str, password: str) -> None:
    """The demo logins, ``password`` being the hash of ``DEMO_PASSWORD``."""
    user_model = get_user_model()
    for username, role in DEMO_USERS:
        user, _ = user_model.objects.get_or_create(username=username)
        user.password = password
        user.is_staff = role == ROLE_ADMIN
        user.is_superuser = role == ROLE_ADMIN
        user.save()
        if role == ROLE_CLERK:
            UserScope.objects.update_or_create(
                user=user, defaults={"role": role, "region": None, "school_code": clerk_school}
            )
        else:
            UserScope.objects.update_or_create(
                user=user, defaults={"role": role, "region_id": DEMO_SCOPE, "school_code": ""}
            )


def _load_demo_plans() -> int:
    """Load the seed plans shipped with the demo (with their yearly actuals and progress)."""
    from eduplan.demo.seed_plans import do_load_demo_plans

    return int(do_load_demo_plans())
