"""The demo's 积分入学 year: a 花都 (440114) 2025 intake on the demo registry's primary schools (docs/admission.md).

Seats, applicants and one published run, plus the user ``demo-admissions`` (招生办 of 花都区). Seeded: the same seed
gives the same applicants, seats and run. Added build time about a second.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from django.contrib.auth import get_user_model

from eduplan.contract import town_of
from eduplan.core.admission import PUBLIC, PURCHASED
from eduplan.demo.admission import demo_applicants
from eduplan.ingest.pseudonyms import pseudonym_key, pseudonymise
from eduplan.store.admission import do_run_admission, do_set_seats, do_store_applicants
from eduplan.store.models import Region, UserScope
from eduplan.store.models.accounts import ROLE_ADMISSIONS

DISTRICT = "440114"
YEAR = 2025
USERNAME = "demo-admissions"


def demo_seats(registry: pd.DataFrame, towns: dict[str, str], seed: int) -> pd.DataFrame:
    """Grade-1 seats left for 积分入学 at 花都's primary schools: public ones, and every other private one bought."""
    rng = np.random.default_rng(seed)
    primary = registry[registry["school_type"].isin(["小学", "九年一贯制学校"])].sort_values("school_code")
    private = primary["sponsor"] != "公办"
    bought = private & (np.arange(len(primary)) % 2 == 0)
    chosen = primary[~private | bought]
    kinds = np.where(chosen["sponsor"] == "公办", PUBLIC, PURCHASED)
    return pd.DataFrame(
        {
            "school_code": chosen["school_code"].to_numpy(),
            "name": chosen["name"].to_numpy(),
            "area": [towns.get(town_of(str(c)), "城区") for c in chosen["region_code"]],
            "grade": 1,
            "kind": kinds,
            "seats": np.where(kinds == PUBLIC, rng.integers(10, 45, len(chosen)), rng.integers(20, 60, len(chosen))),
            "source": "教育局录入",
        }
    )


def _bind_plan_indicators() -> None:
    """Bind 花都's 随迁子女 indicators (公办 34.63 % → 85 %; 公办 + 购买 ≥ 85 %) to the run's shares, so the demo
    run writes its 2025 actuals into the plan."""
    from eduplan.store.models import PlanIndicator
    from eduplan.store.plans import do_bind_metric

    found = PlanIndicator.objects.filter(plan__region_id=DISTRICT, name__contains="随迁子女")
    for indicator in found.filter(name__contains="公办").filter(name__contains="比例"):
        both = "购买" in indicator.name
        do_bind_metric(indicator.pk, "admission_public_purchased_share" if both else "admission_public_share")


def do_build_admission_demo(year: int, seed: int = 2025, password: str | None = None) -> dict[str, Any]:
    """Seats, applicants and a run for 花都 2025 from the demo registry of ``year``; idempotent per store."""
    from eduplan.settings import VAR_DIR
    from eduplan.store.registry import registry_frame

    if not Region.objects.filter(code=DISTRICT).exists():
        return {"created": False}
    registry = registry_frame(year, DISTRICT)
    towns = dict(Region.objects.filter(code__startswith=DISTRICT, level="town").values_list("code", "name"))
    seats = demo_seats(registry, towns, seed)
    if seats.empty:
        return {"created": False}
    do_set_seats(seats, region_code=DISTRICT, year=YEAR)
    # about one applicant in three fits a public seat (花都 2020: 34.63 % of 随迁子女 in public schools)
    public = int(seats.loc[seats["kind"] == PUBLIC, "seats"].sum())
    people = demo_applicants(seats, int(public / 0.45), dt.date(YEAR, 5, 31), seed=seed)
    people["name"] = [f"演示儿童{i:05d}" for i in range(1, len(people) + 1)]
    people["row"] = range(2, len(people) + 2)
    people["applicant"] = pseudonymise(people["applicant"], pseudonym_key(VAR_DIR))
    do_store_applicants(people, region_code=DISTRICT, year=YEAR, filename=f"花都区{YEAR}积分入学申请（演示）.xlsx")
    _bind_plan_indicators()
    run = do_run_admission(DISTRICT, YEAR, seed=seed)
    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    if password is None:  # the hash of DEMO_PASSWORD the other demo logins share, when the caller has it
        from eduplan.demo.seed import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
    else:
        user.password = password
    user.save()
    UserScope.objects.update_or_create(
        user=user, defaults={"role": ROLE_ADMISSIONS, "region_id": DISTRICT, "school_code": ""}
    )
    return {"created": True, "applicants": len(people), "seats": int(seats["seats"].sum()), "run": run.pk}
