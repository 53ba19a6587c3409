"""The region table: loading the one shipped with the package and importing others from CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from eduplan.contract import REGION_LEVELS, level_of
from eduplan.errors import IngestError, NotFound, Problem
from eduplan.store import audit
from eduplan.store.models import Region

REGION_COLUMNS = ("code", "name", "parent_code")
_LEVEL_BY_LENGTH = {2: "province", 4: "city", 6: "county", 9: "town", 12: "village"}


def shipped_region_rows() -> list[dict[str, str]]:
    """Every row of the CSV files under ``eduplan/data/regions``, parents before children."""
    rows: list[dict[str, str]] = []
    folder = resources.files("eduplan") / "data" / "regions"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".csv"):
            rows.extend(csv.DictReader(io.StringIO(entry.read_text(encoding="utf-8"))))
    rank = {level: i for i, level in enumerate(REGION_LEVELS)}
    return sorted(rows, key=lambda r: (rank[(r.get("level") or "").strip() or level_of(r["code"])], r["code"]))


def upsert_regions(rows: Iterable[dict[str, str]]) -> int:
    """Create or update regions; parents must come first or already exist."""
    count = 0
    for row in rows:
        code = row["code"].strip()
        parent_code = (row.get("parent_code") or "").strip()
        level = (row.get("level") or "").strip() or level_of(code)
        Region.objects.update_or_create(
            code=code,
            defaults={
                "name": row["name"].strip(),
                "level": level,
                "parent_id": parent_code or None,
                "synthetic": (row.get("synthetic") or "0").strip() in ("1", "true", "True", "是"),
            },
        )
        count += 1
    return count


def do_load_shipped_regions() -> int:
    with transaction.atomic():
        count = upsert_regions(shipped_region_rows())
        audit.record(None, "regions.load", "Region", summary=f"载入内置行政区划 {count} 条")
    return count


def check_region_csv(path: Path) -> list[dict[str, str]]:
    """Read and validate a region CSV (code, name, parent code); every problem located by row and column."""
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("gb18030")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REGION_COLUMNS if c not in header]
    if missing:
        raise IngestError(
            [Problem(name, "缺少列", sheet=name, row=1, expected=", ".join(REGION_COLUMNS), found=", ".join(header))]
        )
    known = set(Region.objects.values_list("code", flat=True))
    problems: list[Problem] = []
    rows: list[dict[str, str]] = []
    letters = {key: chr(ord("A") + header.index(key)) for key in REGION_COLUMNS}
    for line, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        code, parent = row.get("code", ""), row.get("parent_code", "")
        if not code.isdigit() or len(code) not in (6, 9, 12):
            problems.append(
                Problem(
                    name,
                    "区划代码格式错误",
                    sheet=name,
                    row=line,
                    column=letters["code"],
                    column_key="code",
                    expected="6、9 或 12 位数字",
                    found=code or "（空）",
                )
            )
            continue
        if not row.get("name"):
            problems.append(Problem(name, "名称为空", sheet=name, row=line, column=letters["name"], column_key="name"))
        if parent and parent not in known:
            problems.append(
                Problem(
                    name,
                    "上级区划代码不存在",
                    sheet=name,
                    row=line,
                    column=letters["parent_code"],
                    column_key="parent_code",
                    expected="已有的区划代码",
                    found=parent,
                )
            )
        level = level_of(code)
        if level not in REGION_LEVELS:
            continue
        known.add(code)
        rows.append({"code": code, "name": row.get("name", ""), "parent_code": parent, "level": level})
    if problems:
        raise IngestError(problems)
    return rows


def do_import_regions(path: Path, user: AbstractBaseUser | None = None) -> int:
    rows = check_region_csv(path)
    with transaction.atomic():
        count = upsert_regions(rows)
        audit.record(user, "regions.import", "Region", summary=f"导入 {path.name}：{count} 条", after=rows[:50])
    return count


def get_region(code: str) -> Region:
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist:
        raise NotFound(
            f"区划代码 {code} 不在区划表中（先运行 eduplan init，或 eduplan import regions FILE.csv）"
        ) from None


def region_prefix(code: str) -> str:
    return get_region(code).subtree_prefix()
