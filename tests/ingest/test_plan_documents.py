"""Splitting a file into its documents, and each document's metadata, checked against the seed texts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from eduplan.ingest.plans import PlanDocument, parse_plan_file

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


@cache
def parsed(seed: str) -> tuple[PlanDocument, ...]:
    return tuple(parse_plan_file(SEEDS / seed, education_only=False))


def test_the_gazette_holds_the_education_plan_then_the_transport_plan() -> None:
    education, transport = parsed("000_287a84df7b129c81.txt")
    assert education.plan.title == "清远市清城区教育发展“十四五”规划（2021—2025年）"
    assert transport.plan.title == "清远市清城区推进多式联运发展优化调整运输结构实施方案"
    # The transport plan opens with its issuer (line 819) and 文号 清城府办函〔2023〕9号 (line 821).
    assert (education.plan.first_line, education.plan.last_line) == (15, 817)
    assert (transport.plan.first_line, transport.plan.last_line) == (
        819,
        913,
    )  # 913: "公开方式：主动公开", the last line


def test_nothing_of_the_transport_plan_leaks_into_the_education_plan() -> None:
    education, transport = parsed("000_287a84df7b129c81.txt")
    items = education.indicators + education.targets + education.projects + education.tasks
    assert all(item.source.line < 819 for item in items)
    assert not any("交通运输局" in "".join(task.responsible) for task in education.tasks)
    assert not any("多式联运" in task.text for task in education.tasks)
    assert all(task.source.line >= 819 for task in transport.tasks)


def test_the_transport_plan_keeps_its_own_tasks_with_departments() -> None:
    _, transport = parsed("000_287a84df7b129c81.txt")
    with_duties = [t for t in transport.tasks if t.responsible]
    # （三）…（二十二）: twenty paragraphs, each closing with its division of labour.
    assert len(with_duties) == 20
    seventh = next(t for t in with_duties if t.text.startswith("（七）壮大多式联运市场主体"))
    assert seventh.lead == ["区交通运输局"]
    assert seventh.responsible == ["区交通运输局", "区发展改革局", "市公安局清城分局", "各镇（街道）"]
    assert seventh.source.line == 861


@pytest.mark.parametrize(
    ("seed", "index", "title", "issuer", "doc_number", "issue_date", "period"),
    [
        (
            "000_287a84df7b129c81.txt",
            0,
            "清远市清城区教育发展“十四五”规划（2021—2025年）",
            "清远市清城区人民政府",
            "清城府函〔2023〕8号",
            "2023-02-01",
            (2021, 2025),
        ),
        (
            "000_287a84df7b129c81.txt",
            1,
            "清远市清城区推进多式联运发展优化调整运输结构实施方案",
            "清远市清城区人民政府办公室",
            "清城府办函〔2023〕9号",
            "2023-03-06",
            (None, None),
        ),
        (
            "002_84c94e432680b102.txt",
            0,
            "清远市“百县千镇万村高质量发展工程”教育提升行动实施方案（2023—2027年）",
            "清远市人民政府办公室",
            "清府办函〔2024〕15号",
            "2024-02-22",
            (2023, 2027),
        ),
        (
            "003_e74825d3866fe507.txt",
            0,
            "广州市荔湾区教育事业发展“十四五”规划(2021—2025年)",
            "广州市荔湾区人民政府办公室",
            "荔府办〔2021〕22号",
            None,
            (2021, 2025),
        ),
        ("004_458e35a3c5bc5943.txt", 0, "广州市花都区教育事业发展第十四个五年规划", None, None, None, (2021, 2025)),
    ],
)
def test_metadata_is_read_from_the_notice_and_title(
    seed: str,
    index: int,
    title: str,
    issuer: str | None,
    doc_number: str | None,
    issue_date: str | None,
    period: tuple[int | None, int | None],
) -> None:
    meta = parsed(seed)[index].plan
    assert (meta.title, meta.issuer, meta.doc_number, meta.issue_date) == (title, issuer, doc_number, issue_date)
    assert (meta.period_start, meta.period_end) == period


def test_a_missing_issuer_is_flagged_not_guessed() -> None:
    (huadu,) = parsed("004_458e35a3c5bc5943.txt")
    assert huadu.plan.issuer is None
    assert huadu.plan.reasons == ["未找到发文机关"]


# The keys issue 5 names for each part of the JSON (the items carry more: stage, nature, uncertain, reasons …).
ISSUE_KEYS = {
    "plan": {"title", "issuer", "doc_number", "issue_date", "period_start", "period_end"},
    "indicators": {
        "name",
        "unit",
        "group",
        "baseline_year",
        "baseline_value",
        "target_year",
        "target_value",
        "comparator",
        "source",
    },
    "projects": {
        "name",
        "category",
        "stage",
        "seats",
        "investment",
        "start_year",
        "finish_year",
        "responsible",
        "source",
    },
    "tasks": {"text", "responsible", "deadline", "source"},
    "discrepancies": {"message", "locations"},
}
NUMBERS = {
    "indicators": ("baseline_year", "baseline_value", "target_year", "target_value"),
    "targets": ("baseline_year", "baseline_value", "target_year", "target_value"),
    "projects": ("investment", "start_year", "finish_year", "classes", "area", "total_seats"),
    "rollups": ("count", "total_seats", "investment"),
}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@pytest.mark.parametrize("index", [0, 1])
def test_as_dict_has_the_issue_keys_and_numbers_not_strings(index: int) -> None:
    data = parsed("000_287a84df7b129c81.txt")[index].as_dict()
    assert list(data) == ["plan", "indicators", "targets", "projects", "rollups", "tasks", "discrepancies", "published"]
    assert ISSUE_KEYS["plan"] <= set(data["plan"])
    for part in ("indicators", "targets", "projects", "tasks", "discrepancies"):
        wanted = ISSUE_KEYS.get(part, ISSUE_KEYS["indicators"])  # targets: "same keys" as indicators
        assert all(wanted <= set(item) for item in data[part]), part
    for part, fields in NUMBERS.items():
        for item in data[part]:
            assert all(item[f] is None or _is_number(item[f]) for f in fields), (part, item["source"])
    seat_values = [v for p in data["projects"] + data["rollups"] for v in p["seats"].values()]
    assert all(_is_number(v) for v in seat_values)
    sources = [i["source"] for part in ("indicators", "targets", "projects", "rollups", "tasks") for i in data[part]]
    sources += [location for d in data["discrepancies"] for location in d["locations"]]
    assert all(set(s) == {"file", "line", "text", "page", "where"} and _is_number(s["line"]) for s in sources)
    assert all(s["text"] and s["page"] is None and s["where"] == f"第 {s['line']} 行" for s in sources)
    assert all(isinstance(t["responsible"], list) for t in data["tasks"])


def test_the_first_items_of_the_education_plan_as_json() -> None:
    education, _ = parsed("000_287a84df7b129c81.txt")
    data = education.as_dict()
    first = data["indicators"][0]
    assert (first["baseline_value"], first["target_value"]) == (204.0, 210.0)
    assert first["source"] == {
        "file": "000_287a84df7b129c81.txt",
        "line": 294,
        "text": "学前教育 | 幼儿园数(所) | 204 | 210",
        "page": None,
        "where": "第 294 行",
    }
    project = data["projects"][0]
    assert (project["seats"], project["investment"], project["start_year"]) == ({"小学": 2160.0}, 16000.0, 2020)


def test_an_impossible_issue_date_is_flagged_not_stored() -> None:
    from eduplan.ingest.plans import parse_lines

    lines = [
        "某县人民政府",
        "",
        "某府〔2023〕1号",
        "",
        "某县人民政府关于印发《某县教育发展规划（2021—2025年）》的通知",
        "",
        "2023年2月30日",
        "",
        "到2025年，全县创建10所劳动教育特色学校。",
    ]
    (plan,) = parse_lines(lines, "plan.txt")
    assert (plan.plan.issue_date, plan.plan.doc_number) == (None, "某府〔2023〕1号")
    assert plan.plan.reasons == ["第 7 行的成文日期“2023年2月30日”不是有效日期"]


def test_a_plan_title_after_its_issuer_and_number_is_the_title() -> None:
    from eduplan.ingest.plans import parse_lines

    lines = ["某县人民政府", "", "某府〔2023〕1号", "", "某县教育发展规划（2021—2025年）", "", "2023年2月3日", ""]
    lines.append("到2025年，全县创建10所劳动教育特色学校。")
    (plan,) = parse_lines(lines, "plan.txt")
    meta = plan.plan
    assert (meta.title, meta.issuer, meta.doc_number, meta.issue_date) == (
        "某县教育发展规划（2021—2025年）",
        "某县人民政府",
        "某府〔2023〕1号",
        "2023-02-03",
    )
    assert (meta.period_start, meta.period_end, meta.reasons) == (2021, 2025, [])
