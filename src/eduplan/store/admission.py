"""积分入学 in the store: rubric versions, applicant imports, seats and reproducible runs (docs/admission.md).

Every write is one ``do_*`` function in one transaction with its audit entry; the web pages and the CLI call the
same functions. A run is an ``AnalysisRun`` of kind ``admission`` holding what re-creates it (rubric code and
version, import number, the seats as used, the seed, the census baseline) and its result JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from eduplan.contract import town_of
from eduplan.core.admission import (
    PLAN_METRICS,
    PUBLIC,
    PURCHASED,
    AdmissionResult,
    Baseline,
    plan_metric_values,
    run_admission,
)
from eduplan.errors import NotFound, UsageError
from eduplan.ingest.admission import read_applicants
from eduplan.ingest.pseudonyms import pseudonym_key
from eduplan.standards.admission import (
    FACTS,
    RUBRICS,
    Policy,
    Rubric,
    default_policy,
    policy_for,
    rubric_from_dict,
    validate_rubric,
)
from eduplan.store import audit
from eduplan.store.forecasts import UserLike
from eduplan.store.models import AnalysisRun, PlanIndicator, Region
from eduplan.store.models.admission import AdmissionApplicant, AdmissionImport, AdmissionRubric, AdmissionSeats

RUN_KIND = "admission"


def _real(user: UserLike) -> User | None:
    return user if isinstance(user, User) else None


DATE_FACTS = tuple(k for k, f in FACTS.items() if f.kind in ("date", "birth_date"))


def _region(code: str) -> Region:
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist:
        raise NotFound(f"没有区划 {code}") from None


def district_policy(region_code: str, year: int) -> Policy:
    """The district's shipped rules for the year, else the general rules with the district's own latest rubric."""
    try:
        return policy_for(region_code, year)
    except KeyError:
        own = AdmissionRubric.objects.filter(region_id=region_code).order_by("-created_at", "-pk").first()
        return default_policy(region_code, year, own.code if own else "")


# ------------------------------------------------------------------------------------------------------ rubrics


def rubric_choices(region_code: str) -> list[tuple[str, int | None, str]]:
    """(code, version or None for a shipped rubric, title) a district can run with."""
    city = region_code[:4]
    shipped = [(r.id, None, r.title) for r in RUBRICS.values() if r.city == city]
    own = AdmissionRubric.objects.filter(region_id=region_code).order_by("code", "-version")
    return shipped + [(r.code, r.version, f"{r.title}（第 {r.version} 版）") for r in own]


def get_rubric(code: str, version: int | None = None) -> tuple[Rubric, AdmissionRubric | None]:
    """A stored version (the latest when ``version`` is None and one exists), else the shipped rubric."""
    stored = AdmissionRubric.objects.filter(code=code)
    if version is not None:
        stored = stored.filter(version=version)
    row = stored.order_by("-version").first()
    if row is not None:
        return replace(rubric_from_dict(row.data), version=f"{row.version}"), row
    if version is None and code in RUBRICS:
        return RUBRICS[code], None
    raise NotFound(f"没有积分细则 {code}" + (f" 第 {version} 版" if version else ""))


def rubric_in_use(code: str, version: str) -> bool:
    return AnalysisRun.objects.filter(
        kind=RUN_KIND, parameters__rubric_code=code, parameters__rubric_version=version
    ).exists()


def do_save_rubric(
    data: dict[str, Any], *, region_code: str, user: UserLike = None, based_on: str = ""
) -> AdmissionRubric:
    """Store the bureau's rubric as a new version (never in place); raise ``UsageError`` listing what is wrong."""
    try:
        rubric = rubric_from_dict(data)
    except (KeyError, ValueError, TypeError) as exc:
        raise UsageError(f"积分细则格式不对：缺少或无法识别 {exc}") from None
    problems = validate_rubric(rubric)
    if problems:
        raise UsageError("积分细则有误：\n" + "\n".join(problems))
    region = _region(region_code)
    if rubric.id in RUBRICS:
        raise UsageError(f"细则编号 {rubric.id} 是内置细则的编号：请改用本区自己的编号（如 {region_code}-{rubric.id}）")
    elsewhere = AdmissionRubric.objects.filter(code=rubric.id).exclude(region_id=region_code).exists()
    if elsewhere:
        raise UsageError(f"细则编号 {rubric.id} 已被其他区使用：请改用本区自己的编号")
    with transaction.atomic():
        latest = AdmissionRubric.objects.filter(code=rubric.id).aggregate(m=Max("version"))["m"] or 0
        row = AdmissionRubric.objects.create(
            code=rubric.id,
            version=latest + 1,
            region=region,
            title=rubric.title,
            data=rubric.as_dict(),
            based_on=based_on,
            created_by=_real(user),
        )
        audit.record(
            user,
            "admission.rubric.save",
            "AdmissionRubric",
            f"{row.code}@{row.version}",
            summary=f"保存积分细则 {rubric.title} 第 {row.version} 版（{len(rubric.rows)} 行；基于 {based_on or '空白'}）",
            after=row.data,
            region_code=region_code,
        )
    return row


# -------------------------------------------------------------------------------------------------------- seats


def seats_frame(region_code: str, year: int, grade: int | None = None) -> pd.DataFrame:
    rows = AdmissionSeats.objects.filter(region_id=region_code, year=year)
    if grade is not None:
        rows = rows.filter(grade=grade)
    columns = ["school_code", "name", "area", "grade", "kind", "seats", "source"]
    return pd.DataFrame(list(rows.values(*columns)), columns=columns)


def default_seats(region_code: str, year: int) -> pd.DataFrame:
    """Seats the census suggests: last census's entrants of grade 1 (小学) and 7 (初中) at each public school times
    its share of 随迁子女 in that stage — the bureau reviews and overrides them."""
    from eduplan.store.census import census_frames, census_years

    years = [y for y in census_years() if y <= year]
    if not years:
        return pd.DataFrame(columns=["school_code", "name", "area", "grade", "kind", "seats", "source"])
    frames = census_frames(region_code, years[-1])
    schools = frames.schools.set_index("school_code")
    stages = frames.stages.set_index(["school_code", "stage"])
    towns = dict(Region.objects.filter(code__startswith=region_code).values_list("code", "name"))
    rows = []
    for record in frames.grades.to_dict(orient="records"):
        grade = {"1": 1, "7": 7}.get(str(record["grade"]))
        code = record["school_code"]
        if grade is None or code not in schools.index or schools.at[code, "sponsor"] != "公办":
            continue
        stage = stages.loc[(code, record["stage"])] if (code, record["stage"]) in stages.index else None
        students = float(stage["students"] or 0) if stage is not None else 0.0
        migrants = float(stage["migrant_students"] or 0) if stage is not None else 0.0
        seats = round(float(record.get("entrants") or 0) * (migrants / students if students else 0.0))
        region = str(schools.at[code, "region_code"])
        rows.append(
            {
                "school_code": code,
                "name": schools.at[code, "name"],
                "area": towns.get(town_of(region), town_of(region)),
                "grade": grade,
                "kind": PUBLIC,
                "seats": seats,
                "source": "普查推算",
            }
        )
    return pd.DataFrame(rows, columns=["school_code", "name", "area", "grade", "kind", "seats", "source"])


FORECAST_SOURCE = "学位预测"
ENTRY_GRADES = {"小学": "1", "初中": "7"}


def forecast_seats(region_code: str, year: int) -> pd.DataFrame:
    """The seat forecast's view of each public school's entry grade (1 for 小学, 7 for 初中) in ``year``, beside the
    census suggestion (``default_seats``): ``capacity`` = the school's stage capacity at the standard class size
    (``SchoolCapacity``: classes × 45 or 50) divided by its grades, rounded down — its yearly intake; ``town_entrants``
    = the forecast's entrants of that grade in the school's town in ``year`` (``store.forecasts.seat_forecast_with_gaps``
    under the default scenario, from the last census up to ``year``); ``census_seats`` = the census suggestion's seats.
    The office takes the rows by adding ``hukou``, ``policy``, ``reserve`` (``seats_after_deductions``). Raises
    NotFound when there is no census or no births."""
    from eduplan.contract import GRADES_BY_STAGE
    from eduplan.core.scenarios import Scenario
    from eduplan.store.forecasts import seat_forecast_with_gaps

    columns = ["school_code", "name", "area", "grade", "kind", "capacity", "town_entrants", "census_seats", "source"]
    outcome = seat_forecast_with_gaps(region_code, year, year, Scenario())
    base = outcome.history[outcome.base_year].schools.set_index("school_code")
    census = {
        (r["school_code"], int(r["grade"])): int(r["seats"])
        for r in default_seats(region_code, year).to_dict("records")
    }
    rows = []
    for school in outcome.result.schools:
        grade = ENTRY_GRADES.get(school.stage)
        if grade is None or school.school_code not in base.index or base.at[school.school_code, "sponsor"] != "公办":
            continue
        demand = outcome.town.cells.get((school.town_code, school.stage, grade, year))
        rows.append(
            {
                "school_code": school.school_code,
                "name": base.at[school.school_code, "name"],
                "area": outcome.names.get(school.town_code, school.town_code),
                "grade": int(grade),
                "kind": PUBLIC,
                "capacity": int(school.capacity // len(GRADES_BY_STAGE[school.stage])),
                "town_entrants": None if demand is None else round(demand),
                "census_seats": census.get((school.school_code, int(grade))),
                "source": FORECAST_SOURCE,
            }
        )
    return pd.DataFrame(rows, columns=columns).sort_values(["grade", "school_code"], ignore_index=True)


DEDUCTIONS = {"hukou": "户籍", "policy": "政策性照顾", "reserve": "返区生预留"}
SEATS_AFTER_DEDUCTIONS = "按学位扣除户籍等"  # the source of seats computed from capacity (spec §3.1)


def seats_after_deductions(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows with ``capacity`` (the school's grade intake) and any of ``hukou``, ``policy``, ``reserve`` (户籍 children,
    政策性照顾 children, the reserve for 返区生) get ``seats`` = capacity − those, in that order of use (花都, spec
    §3.1, 1 C3); a row that would go below 0 is an error naming it. Rows without ``capacity`` are returned as they are."""
    if "capacity" not in rows.columns:
        return rows
    rows = rows.copy()
    taken = pd.Series(0, index=rows.index, dtype="int64")
    for column in DEDUCTIONS:
        if column in rows.columns:
            taken += pd.to_numeric(rows[column], errors="coerce").fillna(0).astype("int64")
    capacity = pd.to_numeric(rows["capacity"], errors="coerce")
    problems = [
        f"第 {i} 行 {code}：学位 {cap:g} 少于户籍、政策性照顾与预留合计 {int(t)}"
        for i, (code, cap, t) in enumerate(zip(rows["school_code"], capacity, taken, strict=True), start=1)
        if cap == cap and cap < t
    ]
    problems += [
        f"第 {i} 行 {code}：学位数应为整数"
        for i, (code, cap) in enumerate(zip(rows["school_code"], capacity, strict=True), start=1)
        if cap != cap
    ]
    if problems:
        raise UsageError("学位表有误：\n" + "\n".join(problems))
    rows["seats"] = (capacity - taken).astype("int64")
    rows["source"] = SEATS_AFTER_DEDUCTIONS
    return rows


def do_set_seats(rows: pd.DataFrame, *, region_code: str, year: int, user: UserLike = None) -> int:
    """Replace the year's seats with ``rows`` (school_code, name, area, grade, kind, seats[, source]), or with
    ``capacity`` and the 户籍/政策性照顾/预留 counts instead of ``seats`` (``seats_after_deductions``)."""
    region = _region(region_code)
    deductions = [c for c in ("capacity", *DEDUCTIONS) if c in rows.columns]
    rows = seats_after_deductions(rows)
    problems = []
    for i, record in enumerate(rows.to_dict(orient="records"), start=1):
        if record["kind"] not in (PUBLIC, PURCHASED):
            problems.append(f"第 {i} 行 {record['school_code']}：学位类型应为 {PUBLIC} 或 {PURCHASED}")
        if int(record["seats"]) < 0:
            problems.append(f"第 {i} 行 {record['school_code']}：学位数不能为负")
    if problems:
        raise UsageError("学位表有误：\n" + "\n".join(problems))
    with transaction.atomic():
        before = int(sum(AdmissionSeats.objects.filter(region=region, year=year).values_list("seats", flat=True)))
        AdmissionSeats.objects.filter(region=region, year=year).delete()
        AdmissionSeats.objects.bulk_create(
            AdmissionSeats(
                region=region,
                year=year,
                school_code=r["school_code"],
                name=r["name"],
                area=r["area"],
                grade=int(r["grade"]),
                kind=r["kind"],
                seats=int(r["seats"]),
                source=r.get("source") or "教育局录入",
                updated_by=_real(user),
            )
            for r in rows.to_dict(orient="records")
        )
        after = int(rows["seats"].sum()) if len(rows) else 0
        audit.record(
            user,
            "admission.seats.set",
            "AdmissionSeats",
            f"{region_code}/{year}",
            summary=f"{year} 年积分入学学位：{len(rows)} 校次，共 {after} 个（此前 {before} 个）",
            before={"seats": before},
            after={"seats": after, "rows": len(rows)}
            | (
                {"deductions": rows[["school_code", "grade", *deductions, "seats"]].to_dict(orient="records")}
                if "capacity" in deductions
                else {}
            ),
            region_code=region_code,
        )
    return len(rows)


# --------------------------------------------------------------------------------------------------- applicants


def current_import(region_code: str, year: int) -> AdmissionImport | None:
    return AdmissionImport.objects.filter(region_id=region_code, year=year, is_current=True).first()


def do_store_applicants(
    frame: pd.DataFrame, *, region_code: str, year: int, filename: str, user: UserLike = None
) -> AdmissionImport:
    """Store checked, pseudonymised applicants as the year's new current import (atomic, audited)."""
    region = _region(region_code)
    fact_keys = [k for k in frame.columns if k not in ("applicant", "name", "row", "grade", "area", "choices")]
    with transaction.atomic():
        number = (AdmissionImport.objects.filter(region=region, year=year).aggregate(m=Max("number"))["m"] or 0) + 1
        AdmissionImport.objects.filter(region=region, year=year).update(is_current=False)
        source = AdmissionImport.objects.create(
            region=region,
            year=year,
            number=number,
            filename=filename[:200],
            rows=len(frame),
            created_by=_real(user),
        )
        AdmissionApplicant.objects.bulk_create(
            (
                AdmissionApplicant(
                    source=source,
                    applicant=r["applicant"],
                    name=str(r.get("name") or ""),
                    row=int(r["row"]),
                    grade=int(r["grade"]),
                    area=str(r["area"]),
                    facts={k: _json(r.get(k)) for k in fact_keys if _json(r.get(k)) is not None},
                    choices=list(r["choices"]),
                )
                for r in frame.to_dict(orient="records")
            ),
            batch_size=2000,
        )
        audit.record(
            user,
            "admission.applicants.import",
            "AdmissionImport",
            source.pk,
            summary=f"导入 {year} 年积分入学申请 {filename}：{len(frame)} 人（第 {number} 版）",
            after={"rows": len(frame), "number": number},
            region_code=region_code,
        )
    return source


def _json(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def do_import_applicants(
    path: Path, *, region_code: str, year: int, user: UserLike = None, filename: str = ""
) -> AdmissionImport:
    """Read and check the workbook (nothing stored on any error), then store it."""
    from eduplan.settings import VAR_DIR

    policy = district_policy(region_code, year)
    seats = seats_frame(region_code, year)
    checked = read_applicants(
        path,
        pseudonym_key(VAR_DIR),
        schools={str(c): set(g["grade"].astype(int)) for c, g in seats.groupby("school_code")},
        max_choices=policy.max_choices,
        filename=filename or path.name,
    )
    return do_store_applicants(checked.frame, region_code=region_code, year=year, filename=checked.filename, user=user)


def applicants_frame(source: AdmissionImport, *, with_names: bool = False) -> pd.DataFrame:
    rows = list(source.applicants.values("applicant", "name", "row", "grade", "area", "facts", "choices"))
    records = []
    for r in rows:
        record = {"applicant": r["applicant"], "row": r["row"], "grade": r["grade"], "area": r["area"]}
        record |= r["facts"]
        record["choices"] = r["choices"]
        if with_names:
            record["name"] = r["name"]
        records.append(record)
    frame = pd.DataFrame(records)
    for key in DATE_FACTS:
        if key in frame.columns:
            frame[key] = pd.to_datetime(frame[key], errors="coerce").dt.date
            frame[key] = frame[key].astype(object).where(frame[key].notna(), None)
    return frame


# --------------------------------------------------------------------------------------------------------- runs


def census_baseline(region_code: str, year: int, purchased_codes: set[str]) -> Baseline | None:
    """随迁子女 in the district's 小学 and 初中 at the last census: in public schools, in purchased seats, in all."""
    from eduplan.store.census import census_frames, census_years

    years = [y for y in census_years() if y < year] or [y for y in census_years() if y <= year]
    if not years:
        return None
    frames = census_frames(region_code, years[-1])
    stages = frames.stages[frames.stages["stage"].isin(["小学", "初中"])]
    sponsor = frames.schools.set_index("school_code")["sponsor"]
    migrants = pd.to_numeric(stages["migrant_students"], errors="coerce").fillna(0)
    public = int(migrants[stages["school_code"].map(sponsor) == "公办"].sum())
    purchased = int(migrants[stages["school_code"].isin(purchased_codes)].sum())
    total = int(migrants.sum())
    return Baseline(public=public, purchased=purchased, total=total) if total else None


SEAT_COLUMNS = ("school_code", "name", "area", "grade", "kind", "seats")


def _seat_columns(seats: pd.DataFrame) -> pd.DataFrame:
    """The seats as a run uses and stores them: the same columns and types, in school and grade order."""
    frame = seats.loc[:, list(SEAT_COLUMNS)].astype(
        {"school_code": str, "name": str, "area": str, "grade": int, "kind": str, "seats": int}
    )
    return frame.sort_values(["grade", "school_code"]).reset_index(drop=True)


def compute(
    region_code: str,
    year: int,
    *,
    rubric: Rubric,
    seed: int,
    seats: pd.DataFrame | None = None,
    source: AdmissionImport | None = None,
    policy: Policy | None = None,
) -> AdmissionResult:
    """Run core on what the store holds (or on the seats given: a what-if)."""
    policy = policy or district_policy(region_code, year)
    source = source or current_import(region_code, year)
    if source is None:
        raise NotFound(f"{year} 年尚未导入积分入学申请")
    seats = seats_frame(region_code, year) if seats is None else seats
    seats = _seat_columns(seats)
    if seats.empty:
        raise NotFound(f"{year} 年尚未录入积分入学学位")
    applicants = applicants_frame(source)
    purchased = set(seats.loc[seats["kind"] == PURCHASED, "school_code"])
    baseline = census_baseline(region_code, year, purchased)
    # one run over all grades: schools are keyed per grade so a 九年一贯制 school's G1 and G7 seats stay apart
    keyed = seats.assign(school_code=seats["school_code"] + "/" + seats["grade"].astype(str))
    keyed_choices: list[list[str]] = [
        [f"{c}/{g}" for c in wanted] for wanted, g in zip(applicants["choices"], applicants["grade"], strict=True)
    ]
    applicants = applicants.copy()
    applicants["choices"] = pd.Series(keyed_choices, index=applicants.index, dtype=object)
    result = run_admission(applicants, keyed.reset_index(drop=True), rubric, policy, seed, baseline)
    result.schools["grade"] = result.schools["school_code"].str.split("/").str[1].astype(int)
    result.schools["school_code"] = result.schools["school_code"].str.split("/").str[0]
    result.applicants["school_code"] = result.applicants["school_code"].str.split("/").str[0]
    return result


def do_run_admission(
    region_code: str,
    year: int,
    *,
    rubric_code: str = "",
    rubric_version: int | None = None,
    seed: int | None = None,
    user: UserLike = None,
) -> AnalysisRun:
    """Run the year's allocation and keep it (parameters to re-run it exactly, and the result)."""
    policy = district_policy(region_code, year)
    if not (rubric_code or policy.rubric_id):
        raise NotFound("本区没有积分细则：请先在“积分细则”页录入本区细则")
    rubric, stored = get_rubric(rubric_code or policy.rubric_id, rubric_version)
    seed = seed if seed is not None else int(dt.date.today().strftime("%Y%m%d"))
    source = current_import(region_code, year)
    result = compute(region_code, year, rubric=rubric, seed=seed, source=source, policy=policy)
    seats = seats_frame(region_code, year)
    with transaction.atomic():
        run = AnalysisRun.objects.create(
            kind=RUN_KIND,
            region=_region(region_code),
            year=year,
            standard_id=rubric.id,
            standard_version=rubric.version,
            parameters={
                "policy": policy.id,
                "rubric_code": rubric.id,
                "rubric_version": rubric.version,
                "rubric_stored": stored is not None,
                "import": source.pk if source else None,
                "import_number": source.number if source else None,
                "seed": seed,
                "seats": _seat_columns(seats).to_dict(orient="records"),
                "fingerprint": result.fingerprint,
            },
            result=result.as_dict(),
            created_by=_real(user),
        )
        district = result.district
        values = plan_metric_values(district)
        written = write_plan_actuals(bound_indicators(region_code), year, values, _run_note(run))
        run.result["plan_indicators"] = plan_indicators(region_code, district, written)
        run.save(update_fields=["result"])
        audit.record(
            user,
            "admission.run",
            "AnalysisRun",
            run.pk,
            summary=(
                f"{year} 年积分入学派位（{rubric.title} v{rubric.version}，种子 {seed}）："
                f"录取 {district['placed']} / {district['applicants']} 人"
            ),
            after={"seed": seed, "fingerprint": result.fingerprint, "plan_actuals": written},
            region_code=region_code,
        )
    return run


def _run_note(run: AnalysisRun) -> str:
    return (
        f"{run.year}年积分入学派位（第 {run.pk} 次运行，种子 {run.parameters['seed']}）：在校随迁子女（普查）+ 本年派位"
    )


def bound_indicators(region_code: str) -> list[PlanIndicator]:
    """The district's plan indicators bound to an admission metric (``core.admission.PLAN_METRICS``)."""
    from eduplan.store.models import PlanIndicator

    found = PlanIndicator.objects.filter(plan__region_id=region_code, metric__in=list(PLAN_METRICS))
    return list(found.order_by("pk"))


def write_plan_actuals(
    indicators: list[PlanIndicator], year: int, values: dict[str, float], note: str
) -> dict[int, float]:
    """Write a run's shares as the year's actual of plan indicators bound to an admission metric; in the caller's
    transaction, counted in its audit entry. Returns indicator id → value written."""
    from eduplan.store.models import IndicatorActual

    written: dict[int, float] = {}
    for indicator in indicators:
        value = values.get(indicator.metric)
        if value is None:
            continue
        IndicatorActual.objects.update_or_create(
            indicator=indicator, year=year, defaults={"value": value, "source": "metric", "note": note}
        )
        written[indicator.pk] = value
    return written


def plan_actuals(region_code: str, years: list[int] | None = None) -> dict[int, tuple[dict[str, float], str]]:
    """Year → (the admission plan metrics of the latest kept run of that year, its note), for ``plan compute``."""
    runs = AnalysisRun.objects.filter(kind=RUN_KIND, region_id=region_code)
    if years is not None:
        runs = runs.filter(year__in=years)
    found: dict[int, tuple[dict[str, float], str]] = {}
    for run in runs.order_by("year", "-created_at", "-pk"):
        if run.year not in found:
            found[run.year] = (plan_metric_values(run.result.get("district", {})), _run_note(run))
    return found


def plan_indicators(
    region_code: str, district: dict[str, Any], written: dict[int, float] | None = None
) -> list[dict[str, Any]]:
    """The district's plan indicators on 随迁子女 in public (and purchased) seats, beside this run's shares, with the
    metric each is bound to and the actual this run wrote into it (``written``: indicator id → value).

    A name mentioning 购买 is the 公办 + 购买 definition (花都's project text), otherwise 公办 only (its indicator
    table); the plan-consistency finding of spec §4 is that the two differ.
    """
    written = written or {}
    from eduplan.store.models import PlanIndicator

    rows = []
    found = PlanIndicator.objects.filter(plan__region_id=region_code, name__contains="随迁子女").order_by("pk")
    for indicator in found:
        both = "购买" in indicator.name
        key = "share_public_purchased" if both else "share_public"
        rows.append(
            {
                "indicator": indicator.pk,
                "name": indicator.name,
                "baseline": indicator.baseline_value,
                "target_year": indicator.target_year,
                "target": indicator.target_value,
                "comparator": indicator.comparator,
                "definition": "公办+购买" if both else "公办",
                "run_share": district.get(key),
                "run_share_with_enrolled": district.get(f"{key}_with_enrolled"),
                "metric": indicator.metric,
                "bound": indicator.metric in PLAN_METRICS,
                "written": written.get(indicator.pk),
            }
        )
    return rows


def latest_run(region_code: str, year: int) -> AnalysisRun | None:
    return AnalysisRun.objects.filter(kind=RUN_KIND, region_id=region_code, year=year).first()


def rerun(run: AnalysisRun) -> AdmissionResult:
    """Re-create a stored run from its parameters (the same fingerprint gives the same result)."""
    p = run.parameters
    version = int(p["rubric_version"]) if p.get("rubric_stored") else None
    rubric, _ = get_rubric(p["rubric_code"], version)
    source = AdmissionImport.objects.get(pk=p["import"])
    seats = pd.DataFrame(p["seats"])
    return compute(run.region_id, run.year, rubric=rubric, seed=int(p["seed"]), seats=seats, source=source)


def what_if(
    run: AnalysisRun,
    *,
    seat_changes: dict[tuple[str, int], int] | None = None,
    purchased_factor: float = 1.0,
    rubric: Rubric | None = None,
) -> dict[str, Any]:
    """The published run beside the same inputs with changed seats, purchased seats (×factor) or rubric."""
    p = run.parameters
    seats = pd.DataFrame(p["seats"])
    for (code, grade), value in (seat_changes or {}).items():
        hit = (seats["school_code"] == code) & (seats["grade"] == grade)
        if not hit.any():
            raise NotFound(f"学位表中没有 {code} 的 {grade} 年级")
        seats.loc[hit, "seats"] = max(0, int(value))
    purchased = seats["kind"] == PURCHASED
    seats.loc[purchased, "seats"] = (seats.loc[purchased, "seats"] * purchased_factor).round().astype(int)
    if rubric is None:
        version = int(p["rubric_version"]) if p.get("rubric_stored") else None
        rubric, _ = get_rubric(p["rubric_code"], version)
    source = AdmissionImport.objects.get(pk=p["import"])
    changed = compute(run.region_id, run.year, rubric=rubric, seed=int(p["seed"]), seats=seats, source=source)
    return {"published": run.result, "what_if": changed.as_dict()}
