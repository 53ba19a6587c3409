"""Pairing this year's scores with last year's, as stored (one row per student, subject and exam)."""

from __future__ import annotations

from pathlib import Path

import ibis
import pandas as pd
import pytest

from eduplan.core.value_added import InsufficientData
from eduplan.core.value_added_data import Selection, evaluate_value_added, student_pairs
from eduplan.errors import NotFound, UsageError

from .test_value_added import HAND, LAMBDA


def stored_scores() -> pd.DataFrame:
    """The hand case of test_value_added as stored rows: grade 7 in 2023 (期末), priors from grade 6 in 2022."""
    students = [f"s{i}" for i in range(len(HAND))]
    now = pd.DataFrame(
        {
            "student": students,
            "school_code": HAND["school_code"],
            "school_year": 2023,
            "grade": "7",
            "subject": "数学",
            "score": HAND["score"],
            "exam": "期末",
        }
    )
    before = now.assign(school_year=2022, grade="6", score=HAND["prior"], school_code="P")  # other school last year
    extra = pd.DataFrame(
        {
            "student": ["new", "s0", "s0"],
            "school_code": ["A", "A", "A"],
            "school_year": [2023, 2023, 2022],
            "grade": ["7", "7", "6"],
            "subject": ["数学", "语文", "语文"],
            "score": [75.0, 90.0, 88.0],
            "exam": ["期末", "期末", "期末"],
        }
    )  # a newcomer without a prior; another subject that must not leak in
    return pd.concat([now, before, extra], ignore_index=True)


def test_pairs_match_each_student_with_his_own_prior() -> None:
    pairs, exam, prior_exam = student_pairs(ibis.memtable(stored_scores()), Selection(2023, "7", "数学"))
    frame = pairs.to_pandas().sort_values(["school_code", "score"]).reset_index(drop=True)
    assert (exam, prior_exam) == ("期末", "期末")
    assert list(frame["score"]) == [51.0, 61.0, 68.0, 75.0, 44.0, 53.0, 65.0, 61.0, 72.0, 83.0]
    assert list(frame["prior"].fillna(-1)) == [40.0, 50.0, 60.0, -1.0, 40.0, 50.0, 60.0, 40.0, 50.0, 60.0]


def test_value_added_of_the_stored_hand_case() -> None:
    run = evaluate_value_added(ibis.memtable(stored_scores()), Selection(2023, "7", "数学"), region_code="441802")
    assert [s.effect for s in run.fit.schools] == pytest.approx([-2 * LAMBDA, -8 * LAMBDA, 10 * LAMBDA], rel=1e-9)
    assert run.fit.students_without_prior == 1
    d = run.as_dict()
    assert (d["year"], d["grade"], d["subject"], d["exam"], d["region_code"]) == (2023, "7", "数学", "期末", "441802")


def test_only_the_chosen_schools_are_fitted() -> None:
    scores = ibis.memtable(stored_scores())
    with pytest.raises(InsufficientData) as caught:
        evaluate_value_added(scores, Selection(2023, "7", "数学", schools={"A", "B"}))
    assert str(caught.value) == "只有 2 所学校有可用成绩，至少需要 3 所学校才能估计学校间方差 τ²"


def test_two_exams_without_a_choice_is_a_usage_error() -> None:
    frame = stored_scores()
    frame = pd.concat([frame, frame[frame["school_year"] == 2023].assign(exam="期中")], ignore_index=True)
    with pytest.raises(UsageError) as caught:
        student_pairs(ibis.memtable(frame), Selection(2023, "7", "数学"))
    assert str(caught.value) == "2023 学年 7 年级数学有多次考试（期中、期末），请用 --exam / --prior-exam 指定"
    _, exam, _ = student_pairs(ibis.memtable(frame), Selection(2023, "7", "数学", exam="期中"))
    assert exam == "期中"


def test_an_unknown_exam_lists_the_ones_there_are() -> None:
    with pytest.raises(NotFound) as caught:
        student_pairs(ibis.memtable(stored_scores()), Selection(2023, "7", "数学", exam="一模"))
    assert str(caught.value) == "2023 学年 7 年级数学没有名为“一模”的考试；已有：期末"


def test_no_scores_last_year_is_not_found() -> None:
    frame = stored_scores()
    with pytest.raises(NotFound) as caught:
        student_pairs(ibis.memtable(frame[frame["school_year"] == 2023]), Selection(2023, "7", "数学"))
    assert str(caught.value) == "上一学年（2022）该批学生的数学没有成绩"


def test_every_json_key_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "value-added.md").read_text(encoding="utf-8")
    run = evaluate_value_added(ibis.memtable(stored_scores()), Selection(2023, "7", "数学")).as_dict()
    keys = set(run) | set(run["schools"][0])
    assert sorted(k for k in keys if f'"{k}"' not in doc) == []
