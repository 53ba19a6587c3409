"""Seeded 积分入学 applicants and seats for a 花都-like district (pure; used by the demo store and the benchmark).

The mix follows what the reference says of 花都: most applicants are 一年级 entrants, about one in six ranks in the
省五年 batch, public seats cover roughly a third of 随迁子女 (34.63 % in 2020) and purchased private seats part of
the rest. Every number here is invented for the demo; nothing in it is an official figure.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from eduplan.core.admission import PUBLIC, PURCHASED

EDUCATION = (("初中及以下", 0.35), ("高中", 0.30), ("专科", 0.20), ("本科", 0.13), ("研究生", 0.02))
SKILL = (("无", 0.60), ("中级工", 0.20), ("初级职称或高级工", 0.12), ("中级职称或技师", 0.08))
INSURANCE = ("pension", "medical", "unemployment", "injury", "maternity")


def _days_before(cutoff: dt.date, days: np.ndarray) -> list[dt.date]:
    return [cutoff - dt.timedelta(days=int(d)) for d in days]


def demo_schools(n: int, areas: tuple[str, ...], seed: int, purchased_share: float = 0.25) -> pd.DataFrame:
    """``n`` schools spread over ``areas``: codes, names, kind (public or purchased private) and seats."""
    rng = np.random.default_rng(seed)
    area = [areas[i % len(areas)] for i in range(n)]
    kind = np.where(rng.random(n) < purchased_share, PURCHASED, PUBLIC)
    seats = rng.integers(20, 120, size=n)
    return pd.DataFrame(
        {
            "school_code": [f"44011{4000 + i:05d}" for i in range(n)],
            "name": [
                f"{a}第{i + 1}{'民办' if k == PURCHASED else ''}学校"
                for i, (a, k) in enumerate(zip(area, kind, strict=True))
            ],
            "area": area,
            "kind": kind,
            "grade": 1,
            "seats": seats,
        }
    )


def demo_applicants(
    schools: pd.DataFrame, n: int, cutoff: dt.date, seed: int, max_choices: int = 4, grade_seven: float = 0.0
) -> pd.DataFrame:
    """``n`` applicants with the family facts of the Guangzhou rubrics and up to ``max_choices`` 志愿 each.

    Choices are drawn without replacement among the schools of the applicant's area, weighted towards
    larger public schools (the Gumbel top-k trick, one vectorised draw per area).
    """
    rng = np.random.default_rng(seed)
    areas = sorted(schools["area"].unique())
    weight = schools.groupby("area")["seats"].sum().reindex(areas).to_numpy(dtype=float)
    area = rng.choice(areas, size=n, p=weight / weight.sum())
    permit_days = rng.integers(200, 12 * 365, size=n)
    owns = rng.random(n) < 0.15
    rental_days = np.minimum(permit_days, rng.integers(0, 10 * 365, size=n))
    employed = rng.random(n) < 0.88
    pension = np.where(employed, np.minimum(permit_days // 30, rng.integers(0, 160, size=n)), 0)
    frame = pd.DataFrame(
        {
            "applicant": [f"HD{cutoff.year}{i:06d}" for i in range(1, n + 1)],
            "area": area,
            "grade": np.where(rng.random(n) < grade_seven, 7, 1),
            "permit_start": _days_before(cutoff, permit_days),
            "owns_home": owns,
            "rental_start": [None if o else d for o, d in zip(owns, _days_before(cutoff, rental_days), strict=True)],
            "moved_out_start": [
                d if m else None
                for m, d in zip(
                    rng.random(n) < 0.05, _days_before(cutoff, rng.integers(0, 8 * 365, size=n)), strict=True
                )
            ],
            "fund_months": np.where(rng.random(n) < 0.3, rng.integers(0, 100, size=n), 0),
            "birth_date": _days_before(cutoff, rng.integers(25 * 365, 50 * 365, size=n)),
            "education": rng.choice([e for e, _ in EDUCATION], size=n, p=[p for _, p in EDUCATION]),
            "skill": rng.choice([s for s, _ in SKILL], size=n, p=[p for _, p in SKILL]),
            "skill_in_trade": rng.random(n) < 0.2,
            "city_points_valid": rng.random(n) < 0.97,
            "hukou_local": rng.random(n) < 0.01,
            "child_birth_date": _days_before(dt.date(cutoff.year, 8, 31), rng.integers(6 * 365 - 20, 7 * 365, size=n)),
        }
    )
    for k, name in enumerate(INSURANCE):
        share = 1.0 if k < 2 else 0.8
        frame[f"ins_{name}_months"] = np.where(rng.random(n) < share, pension, (pension * 0.6).astype(int))
    frame["choices"] = _choices(rng, schools, area, max_choices)
    return frame


def _choices(rng: np.random.Generator, schools: pd.DataFrame, area: np.ndarray, k: int) -> list[list[str]]:
    result: list[list[str]] = [[] for _ in range(len(area))]
    for name, members in schools.groupby("area"):
        codes = members["school_code"].to_numpy()
        appeal = members["seats"].to_numpy(dtype=float) * np.where(members["kind"] == PUBLIC, 3.0, 1.0)
        who = np.flatnonzero(area == name)
        if not len(who):
            continue
        keys = np.log(appeal)[None, :] + rng.gumbel(size=(len(who), len(codes)))
        lengths = rng.integers(1, k + 1, size=len(who))
        top = np.argsort(-keys, axis=1)[:, :k]
        for row, position in enumerate(who):
            result[position] = codes[top[row, : lengths[row]]].tolist()
    return result
