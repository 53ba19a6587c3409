from __future__ import annotations

import itertools

from eduplan.standards import fitness as f


def test_every_cell_of_grades_1_to_12_is_read() -> None:
    std = f.standard()
    cells = sum(len(v) for item in std.items.values() for v in item.thresholds.values())
    empty = sum(v is None for item in std.items.values() for t in item.thresholds.values() for v in t)
    assert cells == 2640  # the README's count
    assert empty == 33  # the empty 引体向上 cells: 5 per grade × 6 + 2 (初一) + 1 (初二)


def test_every_threshold_column_is_strictly_monotonic() -> None:
    for item in f.standard().items.values():
        for values in item.thresholds.values():
            present = [v for v in values if v is not None]
            pairs = list(itertools.pairwise(present))
            if item.direction == "higher_is_better":
                assert all(a > b for a, b in pairs), item.key
            else:
                assert all(a < b for a, b in pairs), item.key


def test_weights_sum_to_100_and_name_the_grade_items() -> None:
    std = f.standard()
    for sex in f.SEXES:
        for grade in f.GRADES:
            weights = std.weights[(sex, grade)]
            assert sum(weights.values()) == 100
            assert set(weights) == {"bmi", *std.items_for(sex, grade)}
    assert std.weights[("female", 8)] == {
        "bmi": 15,
        "vital_capacity": 15,
        "run_50m": 20,
        "sit_and_reach": 10,
        "standing_long_jump": 10,
        "sit_up_1min": 10,
        "run_800m": 20,
    }


def test_official_cells_and_bands() -> None:
    std = f.standard()
    assert std.items["pull_up"].levels("male", 10)[:6] == (16.0, 15.0, 14.0, 13.0, 12.0, None)
    assert std.items["run_1000m"].levels("male", 10)[0] == 210.0  # 3'30"
    assert f.display_time(210) == "3'30\""
    assert [(b.label, b.low, b.high, b.score) for b in std.bmi[("male", 1)]] == [
        ("低体重", None, 13.4, 80),
        ("正常", 13.5, 18.1, 100),
        ("超重", 18.2, 20.3, 80),
        ("肥胖", 20.4, None, 60),
    ]
    assert [(b.label, b.minimum) for b in std.grade_bands] == [
        ("优秀", 90.0),
        ("良好", 80.0),
        ("及格", 60.0),
        ("不及格", None),
    ]
    assert std.bonus["sit_up_1min"].rows["female"][3] == (4, 7.0)
    assert std.bonus_for("male", 3) == ("rope_skip_1min",)
    assert std.bonus_for("female", 11) == ("sit_up_1min", "run_800m")
    assert "教体艺〔2014〕5号" in std.citation
    assert any("初一至初三" in c for c in f.CAVEATS)
