"""The 增值评价 report on the demo store (its scores: src/eduplan/demo/scores.py), through the CLI: the PDF's rows and
the workbook's cells hold the numbers of ``eduplan assess value-added --json``; bad input leaves no file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import run_eduplan

from .pdftools import compact, lines_with, missing_glyphs, numbers, pdf_text, save_pages

pytestmark = pytest.mark.slow
ARGS = ("--region", "441802", "--year", "2023", "--subject", "数学", "--grade", "8")


@pytest.fixture(scope="module")
def result(demo_env: dict[str, str]) -> Any:
    done = run_eduplan("assess", "value-added", *ARGS, "--json", env=demo_env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _report(env: dict[str, str], out: Path) -> Path:
    done = run_eduplan("report", "value-added", *ARGS, "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    return out


def _ranked(result: Any) -> list[dict[str, Any]]:
    return sorted(result["schools"], key=lambda s: -s["effect"])


def test_pdf_rows_equal_the_json(demo_env: dict[str, str], result: Any, tmp_path: Path) -> None:
    text = pdf_text(_report(demo_env, tmp_path / "va.pdf").read_bytes())
    cover = compact(text.split("\f")[0])
    assert "清城区8年级数学增值评价报告" in cover and "学生成绩第1版" in cover and "八年级期末统考" in cover
    table = text.split("学校增值估计")[-1]
    for rank, s in enumerate(_ranked(result), start=1):
        [line] = lines_with(table, s["school_code"])
        after = numbers(line.split(s["school_code"], 1)[1])
        expected = [str(s["students"]), str(s["students_without_prior"])]
        expected += [f"{s[k]:.2f}" for k in ("effect", "sd", "lower", "upper")] + [f"{s['shrinkage']:.3f}"]
        assert after[-8:-1] == expected, s["school_code"]
        assert numbers(line.split(s["school_code"], 1)[0])[-1] == str(rank)
        assert line.rstrip().endswith(s["flag_label"])
    facts = compact(text.split("评价概况")[1])
    assert f"纳入模型学生{result['students']}人" in facts
    assert f"缺少前测成绩（未纳入）{result['students_without_prior']}人" in facts
    assert "\ufffd" not in text and missing_glyphs(text) == set()
    save_pages(_report(demo_env, tmp_path / "va.pdf").read_bytes(), "value-added-441802-2023-8-math")


def test_workbook_cells_equal_the_json(demo_env: dict[str, str], result: Any, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_report(demo_env, tmp_path / "va.xlsx"))
    rows = list(book["学校增值"].iter_rows(values_only=True))
    got = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [r["学校代码"] for r in got] == [s["school_code"] for s in _ranked(result)]
    for row, s in zip(got, _ranked(result), strict=True):
        assert (row["纳入模型学生数"], row["缺前测学生数"], row["判断"]) == (
            s["students"],
            s["students_without_prior"],
            s["flag_label"],
        )
        keys = {"增值（分）": "effect", "标准差": "sd", "95%区间下限": "lower", "95%区间上限": "upper"}
        # Unrounded: the same floats to the 16 significant digits an Excel cell keeps.
        assert [row[k] for k in keys] == pytest.approx([s[v] for v in keys.values()], rel=1e-15)
    model = {r[0]: r[1] for r in list(book["模型估计"].iter_rows(values_only=True))[1:]}
    assert model["前测成绩（斜率）"] == pytest.approx(result["coefficients"]["prior"], rel=1e-15)
    got_variances = (model["学校间方差 τ²"], model["学生层方差 σ²"])
    assert got_variances == pytest.approx((result["tau2"], result["sigma2"]), rel=1e-15)
    unestimated = [r[0] for r in list(book["未估计学校"].iter_rows(values_only=True))[1:]]
    assert unestimated == result["unestimated_schools"] and len(unestimated) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--grade", "7"), "2023 学年 7 年级数学没有成绩"),  # the demo's grade 7 exams are in 2021 and 2022
        (("--grade", "初四"), "年级 '初四' 无法识别：应为 1–12，或 七年级、初一、高二"),
        (("--subject", "物理"), "2023 学年 8 年级物理没有成绩"),
    ],
)
def test_bad_input_gives_a_message_and_leaves_no_file(
    demo_env: dict[str, str], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    chosen = dict(zip(ARGS[::2], ARGS[1::2], strict=True)) | dict(zip(args[::2], args[1::2], strict=True))
    flat = [x for pair in chosen.items() for x in pair]
    done = run_eduplan("report", "value-added", *flat, "--out", str(tmp_path / "va.pdf"), env=demo_env)
    assert done.returncode in (2, 3)
    assert message in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
