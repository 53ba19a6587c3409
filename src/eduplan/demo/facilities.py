"""Buildings, grounds, equipment and books of a school: built for a design number of pupils, so a
crowded school falls below the per-pupil thresholds and a half-empty village school far above them.
The county's facility_spread widens the differences between schools (Yingde's CV fails)."""

from __future__ import annotations

from typing import Any

import numpy as np

from eduplan import contract as c
from eduplan.demo.schools import School

# Per design pupil: teaching/aux m², sports m², equipment 万元, books, pupils per multimedia room.
_NORMS: dict[str, tuple[float, float, float, float, float]] = {
    c.STAGE_PRESCHOOL: (6.0, 4.0, 0.06, 10.0, 32.0),
    c.STAGE_PRIMARY: (5.4, 8.6, 0.25, 32.0, 40.0),
    c.STAGE_JUNIOR: (6.6, 11.5, 0.32, 42.0, 45.0),
    c.STAGE_SENIOR: (8.0, 12.0, 0.45, 50.0, 48.0),
}


def design_pupils(school: School, stage: str) -> float:
    """Places the stage was built for: full grades at the calibrated size times the capacity factor."""
    size = school.entry[stage] * school.scale.get(stage, 1.0) * len(school.grades[stage])
    return max(size * school.capacity_factor, 8.0)


def base_facilities(school: School, spread: float) -> dict[str, dict[str, Any]]:
    """Facilities per stage as built (before expansions), drawn from the school's own random stream."""
    rng = np.random.default_rng(int(school.traits["facility"]))
    area = school.attrs["urban_rural"]
    rural = area == c.RURAL
    sports_factor = 1.3 if rural else (0.7 if school.crowded else 1.0)
    out: dict[str, dict[str, Any]] = {}
    for stage in school.stages:
        aux, sports, equip, books, per_room = _NORMS[stage]
        pupils = design_pupils(school, stage)
        teaching = pupils * aux * float(rng.lognormal(0.0, 0.08 * spread))
        sports_area = pupils * sports * sports_factor * float(rng.lognormal(0.0, 0.12 * spread))
        building = teaching * float(rng.uniform(1.5, 1.9))
        out[stage] = {
            "teaching_aux_area": teaching,
            "sports_area": sports_area,
            "building_area": building,
            "site_area": building * float(rng.uniform(1.6, 2.6)) + sports_area * float(rng.uniform(0.8, 1.2)),
            "equipment_value": pupils * equip * (0.7 if rural else 1.0) * float(rng.lognormal(0.0, 0.12 * spread)),
            "multimedia_rooms": max(0, round(pupils / per_room * float(rng.lognormal(0.0, 0.15 * spread)))),
            "music_rooms": (0 if rural and pupils < 200 else 1) + int(pupils // 900),
            "art_rooms": (0 if rural and pupils < 300 else 1) + int(pupils // 1100),
            "books": round(pupils * books * float(rng.lognormal(0.0, 0.15))),
            "dangerous_area": 0.0,
        }
    return out


def facilities_at(school: School, year: int, spread: float, dangerous: float) -> dict[str, dict[str, Any]]:
    """Facilities in a given year: expansions multiply areas and rooms from the year they finish;
    `dangerous` m² of C/D-rated buildings are reported on the school's first stage."""
    boost = 1.0
    for at, factor in school.facility_boost.items():
        if year >= at:
            boost *= factor
    if "facilities" not in school.cache:
        school.cache["facilities"] = base_facilities(school, spread)
    out = {stage: dict(values) for stage, values in school.cache["facilities"].items()}
    for i, values in enumerate(out.values()):
        for key in ("teaching_aux_area", "sports_area", "building_area", "site_area", "equipment_value"):
            values[key] = round(values[key] * boost, 2 if key == "equipment_value" else 1)
        for key in ("multimedia_rooms", "music_rooms", "art_rooms", "books"):
            values[key] = round(values[key] * boost)
        values["dangerous_area"] = round(dangerous, 1) if i == 0 else 0.0
    return out


def whole_school_row(per_stage: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The 全校 row of a school that reports shared facilities once: the sum over its stages."""
    row: dict[str, Any] = {}
    for key in c.SHARED_RESOURCE_KEYS:
        total = sum(v[key] for v in per_stage.values())
        row[key] = round(total, 2) if isinstance(total, float) else total
    return row
