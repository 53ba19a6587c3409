"""Reading and writing the effective-dated school registry."""

from __future__ import annotations

import pandas as pd
from django.db.models import Q, QuerySet

from eduplan.store.models import SchoolVersion

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
        qs = qs.filter(region_id__startswith=region_prefix)
    return qs.order_by("school_id")


def registry_frame(year: int, region_prefix: str = "") -> pd.DataFrame:
    """The year's registry as the ``schools`` table core reads (contract keys)."""
    rows = versions_in_year(year, region_prefix).values(
        "school_id",
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
    frame = pd.DataFrame.from_records(
        list(rows),
        columns=[
            "school_id",
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
        ],
    )
    return frame.rename(columns={"school_id": "school_code", "region_id": "region_code"})[list(REGISTRY_COLUMNS)]


def school_history(school_code: str) -> list[SchoolVersion]:
    return list(SchoolVersion.objects.filter(school_id=school_code).order_by("valid_from"))
