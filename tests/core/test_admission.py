"""积分入学 allocation: the spec's toy example (§4), a whole run, reproducibility, and the `matching` peer (§3.3)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from eduplan.core.admission import (
    HOW_CHOICE,
    PUBLIC,
    PURCHASED,
    Baseline,
    allocate,
    lottery_numbers,
    priority_order,
    run_admission,
)
from eduplan.standards.admission import Batch, Condition, Policy, Rubric, RubricRow

# Spec §4 toy: seats X 2, Y 1, Z (purchased) 2. (batch 0 = 五年优先; points; tie-break; 志愿)
TOY = [
    ("a1", 0, 150, (6, 40), "XY"),
    ("a2", 1, 230, (9, 70), "XYZ"),
    ("a3", 1, 185, (7, 50), "YX"),
    ("a4", 0, 120, (5, 30), "Y"),
    ("a5", 1, 185, (8, 10), "YZ"),
    ("a6", 1, 90, (2, 5), "X"),
]
SCHOOLS = "XYZ"


def test_toy_order_and_serial_dictatorship_then_slide() -> None:
    batch = np.array([a[1] for a in TOY])
    points = np.array([a[2] for a in TOY])
    tie = np.array([a[3] for a in TOY])
    order = priority_order(batch, points, tie, np.zeros(6, dtype=np.int64))
    assert [TOY[i][0] for i in order] == ["a1", "a4", "a2", "a5", "a3", "a6"]
    choices = [[SCHOOLS.index(c) for c in a[4]] for a in TOY]
    placed = allocate(order, choices, [2, 1, 2], slide=True, slide_scope="district", seed=7)
    assert [SCHOOLS[s] if s >= 0 else None for s in placed.school] == ["X", "X", "Z", "Y", "Z", None]
    assert placed.how == ["志愿", "志愿", "滑档", "志愿", "志愿", "未录取"]
    assert placed.choice.tolist() == [1, 1, 0, 1, 2, 0]


def _toy_run(seed: int = 7, seats: tuple[int, int, int] = (2, 1, 2)) -> object:
    # points = fund months + employment months + pension months; tie-break "rows" compares them in that order
    rows = tuple(
        RubricRow(key, n, "测试", key, fact, "full_month", 1, "U", ("SPEC",))
        for n, (key, fact) in enumerate(
            [("t1", "fund_months"), ("t2", "employment_months"), ("rest", "ins_pension_months")], start=1
        )
    )
    rubric = Rubric("toy", "1", "toy", "4401", "440114", "2020-01-01", "", "", "U", ("SPEC",), rows)
    batch = Batch("five", "五年优先", (Condition("lives_in_district", "is_true"),), "U", ("SPEC",))
    policy = Policy(
        "toy", "toy", "4401", "440114", 2025, "toy", "2025-05-31", (), (batch,), ("rows",), 4,
        True, "district", False, "U", ("SPEC",),
    )  # fmt: skip
    applicants = pd.DataFrame(
        [
            {"applicant": name, "grade": 1, "lives_in_district": b == 0, "fund_months": t[0],
             "employment_months": t[1], "ins_pension_months": p - t[0] - t[1], "choices": list(ch)}
            for name, b, p, t, ch in TOY
        ]
    )  # fmt: skip
    schools = pd.DataFrame(
        {
            "school_code": list(SCHOOLS),
            "name": ["X小学", "Y小学", "Z小学"],
            "area": ["城区"] * 3,
            "kind": [PUBLIC, PUBLIC, PURCHASED],
            "seats": list(seats),
        }
    )
    return run_admission(applicants, schools, rubric, policy, seed, Baseline(public=340, purchased=100, total=1000))


def test_toy_run_reports_lowest_points_filled_turned_away_and_shares() -> None:
    result = _toy_run()
    schools = result.schools.set_index("school_code")  # type: ignore[attr-defined]
    assert schools["lowest_points"].to_dict() == {"X": 150.0, "Y": 120.0, "Z": 185.0}
    assert schools["filled"].to_dict() == {"X": 2, "Y": 1, "Z": 2}
    assert schools["by_draw"].to_dict() == {"X": 0, "Y": 0, "Z": 1}  # a3 slid to Z
    # turned away = full when an applicant reached it in their 志愿: X a3 (2nd, slid), a6; Y a3 (1st), a5 (1st);
    # Z nobody (a2 got X first; a5 got Z)
    assert schools["turned_away"].to_dict() == {"X": 2, "Y": 2, "Z": 0}
    assert schools["listed"].to_dict() == {"X": 4, "Y": 5, "Z": 2}  # Y: a1, a2, a3, a4, a5
    district = result.district  # type: ignore[attr-defined]
    assert district["placed_public"] == 3
    assert district["placed_purchased"] == 2
    assert district["share_public"] == 50.0  # 3 of 6
    assert district["share_public_purchased"] == 83.33  # 5 of 6
    assert district["share_public_with_enrolled"] == 34.1  # (340 + 3) / (1000 + 6) = 34.095…
    assert district["purchased_subsidy_yuan"] == 10000  # 2 first-graders × 5 000
    frame = result.applicants.set_index("applicant")  # type: ignore[attr-defined]
    assert frame.loc["a3", "how"] == "滑档"
    assert (
        frame.loc["a3", "reason"] == "积分 185，排位第 5 名；轮到时所填志愿均已满，滑档随机安排至 Z小学（第 1 次抽取）"
    )
    assert frame.loc["a2", "reason"] == "积分 230，排位第 3 名，第 1 志愿 X小学 尚有学位，予以录取"
    assert frame.loc["a6", "reason"] == "积分 90，排位第 6 名；轮到时所填志愿均已满，且无剩余学位可安排"


def test_a_run_is_reproducible_and_its_fingerprint_changes_with_the_seats() -> None:
    one, two = _toy_run(), _toy_run()
    assert one.as_dict() == two.as_dict()  # type: ignore[attr-defined]
    assert one.fingerprint != _toy_run(seats=(2, 2, 2)).fingerprint  # type: ignore[attr-defined]


def test_lottery_numbers_depend_on_seed_and_applicant_not_on_row_order() -> None:
    forward = lottery_numbers(["p", "q"], 11).tolist()
    assert lottery_numbers(["q", "p"], 11).tolist() == forward[::-1]
    assert lottery_numbers(["p", "q"], 12).tolist() != forward


def test_a_district_wide_batch_member_is_placed_outside_their_choices_before_the_next_batch() -> None:
    # 番禺 五年优先: b0 (batch 0) lists only full X; gets the one seat left anywhere (Y) before b1 (batch 1) can
    order = np.array([0, 1, 2])
    placed = allocate(order, [[0], [0], [1]], [1, 1], batch=np.array([0, 0, 1]), district_wide_batches=frozenset({0}))
    assert placed.school.tolist() == [0, 1, -1]
    assert placed.how == ["志愿", "统筹", "未录取"]


def test_slide_within_the_area_then_supplementary_anywhere() -> None:
    order = np.array([0, 1, 2])
    placed = allocate(
        order, [[0], [0], [0]], [1, 0, 1], applicant_area=["北", "南", "北"], school_area=["北", "北", "南"],
        slide=True, slide_scope="area", supplementary=True, seed=3,
    )  # fmt: skip
    # a0 gets X; a1 (南) slides to the 南 school; a2 (北): no 北 seat left, nothing left anywhere → unplaced
    assert placed.school.tolist() == [0, 2, -1]
    assert placed.how == ["志愿", "滑档", "未录取"]


def _peer(order: list[int], choices: list[list[int]], seats: list[int]) -> dict[int, int]:
    """matching's resident-optimal HospitalResident with every school ranking by the common order."""
    from matching.games import HospitalResident

    rank = {a: r for r, a in enumerate(order)}
    residents = {f"a{a}": [f"s{s}" for s in choices[a] if seats[s] > 0] for a in order}
    residents = {k: v for k, v in residents.items() if v}
    hospitals: dict[str, list[str]] = {}
    for a in sorted(order, key=rank.__getitem__):
        for h in residents.get(f"a{a}", []):
            hospitals.setdefault(h, []).append(f"a{a}")
    if not residents:
        return {}
    game = HospitalResident.create_from_dictionaries(residents, hospitals, {h: seats[int(h[1:])] for h in hospitals})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = game.solve(optimal="resident")
    return {int(r.name[1:]): int(h.name[1:]) for h, rs in solution.items() for r in rs}


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda k: st.tuples(
            st.lists(st.integers(0, 3), min_size=k, max_size=k),
            st.lists(st.lists(st.integers(0, k - 1), max_size=4, unique=True), min_size=1, max_size=14),
            st.randoms(use_true_random=False),
        )
    )
)
def test_without_slide_the_allocation_is_matchings_resident_optimal_solution(
    instance: tuple[list[int], list[list[int]], object],
) -> None:
    seats, choices, rnd = instance
    order = list(range(len(choices)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    placed = allocate(np.array(order, dtype=np.int64), choices, seats)
    ours = {a: int(s) for a, s in enumerate(placed.school) if s >= 0}
    assert ours == _peer(order, choices, seats)
    assert all(h in (HOW_CHOICE, "未录取") for h in placed.how)


def test_a_pool_cut_keeps_each_areas_best_up_to_its_seats() -> None:
    """花都 2020 step 3. Area 城区: X 2 seats; area 花山: Y 1 seat. In order a (城区, 100, X), b (城区, 90, Y),
    c (城区, 80, X), d (花山, 70, Y): 城区's list holds 2 → a, b; c is cut though X keeps a seat; 花山's holds d.
    a → X, b → Y (a 城区 applicant may list a 花山 school), d finds Y full and 滑档 within 花山 finds nothing."""
    from dataclasses import replace

    from eduplan.core.admission import HOW_OUT_OF_POOL, cut_pool

    rows = (RubricRow("p", 1, "测试", "p", "fund_months", "full_month", 1, "U", ("SPEC",)),)
    rubric = Rubric("toy", "1", "toy", "4401", "440114", "2020-01-01", "", "", "U", ("SPEC",), rows)
    policy = Policy(
        "toy", "toy", "4401", "440114", 2020, "toy", "2020-05-31", (), (), (), 4, True, "area", False, "U", ("SPEC",),
        pool_cut=True,
    )  # fmt: skip
    applicants = pd.DataFrame(
        {"applicant": list("abcd"), "grade": 1, "area": ["城区", "城区", "城区", "花山"],
         "fund_months": [100, 90, 80, 70], "choices": [["X"], ["Y"], ["X"], ["Y"]]}
    )  # fmt: skip
    schools = pd.DataFrame(
        {"school_code": ["X", "Y"], "name": ["X小学", "Y小学"], "area": ["城区", "花山"], "grade": [1, 1],
         "kind": [PUBLIC, PUBLIC], "seats": [2, 1]}
    )  # fmt: skip
    result = run_admission(applicants, schools, rubric, policy, seed=3)
    frame = result.applicants.set_index("applicant")
    assert frame["how"].to_dict() == {"a": "志愿", "b": "志愿", "c": HOW_OUT_OF_POOL, "d": "未录取"}
    assert frame.loc["c", "reason"] == "积分 80，排位第 3 名；本片区学位数已由排位在前的申请人占满，未入围派位名单"
    assert result.schools.set_index("school_code")["left"].to_dict() == {"X": 1, "Y": 0}
    # without the cut c takes X's second seat
    plain = run_admission(applicants, schools, rubric, replace(policy, pool_cut=False), seed=3)
    assert plain.applicants.set_index("applicant")["how"].to_dict() == {
        "a": "志愿",
        "b": "志愿",
        "c": "志愿",
        "d": "未录取",
    }
    assert cut_pool(np.array([0, 1, 2, 3]), ["A", "A", "B", "A"], ["A", "B"], [2, 1]).tolist() == [0, 1, 2]


def test_local_first_schools_take_their_own_areas_applicants_before_the_pools_others() -> None:
    """花都 2020 北片 (花山 + 梯面 pooled): 梯面 schools take 梯面 applicants first, then 花山 ones. T (梯面) 1 seat,
    H (花山) 1 seat. h1 (花山, 100, T then H), t1 (梯面, 80, T), h2 (花山, 60, H). Serial dictatorship would give T
    to h1 and leave t1 out; with 梯面 first, t1 holds T, h1 falls to H, and h2 finds nothing left in 北片."""
    from dataclasses import replace

    rows = (RubricRow("p", 1, "测试", "p", "fund_months", "full_month", 1, "U", ("SPEC",)),)
    rubric = Rubric("toy", "1", "toy", "4401", "440114", "2020-01-01", "", "", "U", ("SPEC",), rows)
    policy = Policy(
        "toy", "toy", "4401", "440114", 2020, "toy", "2020-05-31", (), (), (), 4, True, "area", False, "U", ("SPEC",),
        area_pools={"北片": ("花山镇", "梯面镇")}, local_first=("梯面镇",),
    )  # fmt: skip
    applicants = pd.DataFrame(
        {"applicant": ["h1", "t1", "h2"], "grade": 1, "area": ["花山镇", "梯面镇", "花山镇"],
         "fund_months": [100, 80, 60], "choices": [["T", "H"], ["T"], ["H"]]}
    )  # fmt: skip
    schools = pd.DataFrame(
        {"school_code": ["T", "H"], "name": ["梯面小学", "花山小学"], "area": ["梯面镇", "花山镇"], "grade": [1, 1],
         "kind": [PUBLIC, PUBLIC], "seats": [1, 1]}
    )  # fmt: skip
    frame = run_admission(applicants, schools, rubric, policy, seed=3).applicants.set_index("applicant")
    assert frame["school_code"].to_dict() == {"h1": "H", "t1": "T", "h2": None}
    assert frame["choice"].to_dict() == {"h1": 2, "t1": 1, "h2": 0}
    plain = run_admission(applicants, schools, rubric, replace(policy, local_first=()), seed=3)
    # without the local quota: h1 → T, t1 finds T full, h2 → H; nothing is left in 北片 for t1 to slide to
    assert plain.applicants.set_index("applicant")["how"].to_dict() == {"h1": "志愿", "t1": "未录取", "h2": "志愿"}


def test_deferred_acceptance_without_local_schools_is_the_serial_dictatorship() -> None:
    from eduplan.core.admission import deferred_acceptance

    rng = np.random.default_rng(11)
    for _ in range(200):
        n, m = int(rng.integers(1, 12)), int(rng.integers(1, 5))
        choices = [rng.permutation(m)[: int(rng.integers(0, m + 1))].tolist() for _ in range(n)]
        seats = rng.integers(0, 3, m).tolist()
        order = rng.permutation(n).astype(np.int64)
        serial = allocate(order, choices, seats)
        held = deferred_acceptance(order, choices, seats, [None] * m, [""] * n)
        assert {a: s for a, (s, _) in held.items()} == {a: int(s) for a, s in enumerate(serial.school) if s >= 0}
