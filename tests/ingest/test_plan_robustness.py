"""Damaged seed texts (lines dropped, cut off, characters replaced): a parse or a located IngestError, never
a crash. The damage is drawn from a fixed random seed, so every run checks the same texts."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from eduplan.errors import IngestError
from eduplan.ingest.plans import parse_lines

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
NAMES = sorted(path.name for path in SEEDS.glob("*.txt"))
# what a bad scan or a careless copy leaves in a table: stray tabs, totals, 待定, full-width digits, brackets
DAMAGE = ["\t", "", "合计", "待定", "１２", "%", "（", "万", "\t\t"]


def damaged(lines: list[str], case: int) -> list[str]:
    rng = random.Random(case)
    if case % 3 == 0:
        return [line for line in lines if rng.random() > 0.05]
    if case % 3 == 1:
        cut = rng.randrange(1, len(lines))
        return [*lines[:cut], lines[cut][: rng.randrange(0, len(lines[cut]) + 1)]]
    changed = list(lines)
    for _ in range(30):
        index = rng.randrange(len(changed))
        if changed[index]:
            at = rng.randrange(len(changed[index]))
            changed[index] = changed[index][:at] + rng.choice(DAMAGE) + changed[index][at + 1 :]
    return changed


@pytest.mark.parametrize("name", NAMES)
def test_damaged_seed_texts_parse_or_are_refused(name: str) -> None:
    lines = (SEEDS / name).read_text(encoding="utf-8").split("\n")
    outcomes = []
    for case in range(12):
        try:
            outcomes.append(len(parse_lines(damaged(lines, case), name)))
        except IngestError as error:
            assert error.problems and all(p.file == name for p in error.problems)
            outcomes.append(0)
    assert len(outcomes) == 12


def test_a_total_row_merged_with_the_next_header_is_read_not_a_crash() -> None:
    # 000 with these lines dropped once merged the 合计 row's "11340" with the next table's "小学" (a ValueError);
    # now the damaged tables are read and the damage shows where a careful reader would see it: in the totals
    lines = (SEEDS / "000_287a84df7b129c81.txt").read_text(encoding="utf-8").split("\n")
    dropped = {659, 688, 695, 730, 738, 759, 768, 771}
    kept = [line for number, line in enumerate(lines, start=1) if number not in dropped]
    education = parse_lines(kept, "000.txt")[0]
    assert len(education.projects) == 45  # 695, 759, 768 and 771 were project rows
    assert "“附件1 “十四五”期间清城区义务教育阶段学校建设意向统计表”合计项目数 29，明细表相加为 28" in [
        d.message for d in education.discrepancies
    ]


def test_a_seat_cell_that_is_not_a_number_is_flagged() -> None:
    lines = [
        "测试区学校建设规划（2021—2025年）",
        "",
        "一、新建学校",
        "",
        "编号\t建设项目\t提供学位\t\t启动时间\t完成时间\t计划总投资 (万)\t责任单位",
        "\t\t小学\t初中\t\t\t\t",
        "1\t新建测试区第一小学，办学规模 36 个班、1620 个学位。\t1620\t\t2021 年\t2022 年\t9000\t测试区政府",
        "2\t新建测试区第二小学，办学规模 24 个班。\t约千个\t\t2022 年\t2023 年\t7000\t测试区政府",
    ]
    (plan,) = parse_lines(lines, "plan.txt")
    first, second = plan.projects
    assert (first.seats, first.uncertain) == ({"小学": 1620.0}, False)
    assert (second.seats, second.reasons) == ({}, ["学位“约千个”无法识别"])
