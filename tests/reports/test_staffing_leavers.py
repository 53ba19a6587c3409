"""The staffing report shows who leaves when the year has a teacher roster (docs/teachers.md), and only then."""

from __future__ import annotations

from eduplan.reports.staffing import _leaver_sections


def test_the_leaver_section_lists_the_stage_and_subject_rows() -> None:
    payload = {
        "names": {"441802": "清城区"},
        "projected_with_leavers": [
            {"area_code": "441802", "stage": "小学", "year": 2026, "required_posts": 110, "retired_since_base": 3,
             "staff_remaining": 97, "staff_gap_with_leavers": 13},
        ],
        "projected_subjects_with_leavers": [
            {"stage": "小学", "subject": "体育艺术合计", "year": 2026, "teachers": 12, "retired_since_base": 2,
             "remaining": 10, "needed": 14, "gap_with_leavers": 4, "suppressed": False},
            {"stage": "小学", "subject": "音乐", "year": 2026, "teachers": None, "retired_since_base": None,
             "remaining": None, "needed": None, "gap_with_leavers": None, "suppressed": True},
        ],
    }  # fmt: skip
    (section,) = _leaver_sections(payload)
    stages, subjects = section.blocks[1], section.blocks[2]
    assert [(r["area"], r["staff_gap_with_leavers"]) for r in stages.rows] == [("清城区", 13)]  # type: ignore[union-attr]
    assert [r["subject"] for r in subjects.rows] == ["体育艺术合计", "音乐（不足 5 人，不显示）"]  # type: ignore[union-attr]
    assert _leaver_sections({"projected_with_leavers": None}) == ()
