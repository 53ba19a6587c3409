"""Student scores of the web world's schools, the hand case of tests/core/test_value_added.py: three 清城区 schools,
three students each with priors 40/50/60 (grade 5, 2022) and these grade-6 数学 scores in 2023; so the value-added
of 城南小学, 河西小学 and 新城小学 is −2λ, −8λ and +10λ with λ = 250/252, and τ² = 250/3. 外县小学 (清新区) has one
student: alone in its county, too few schools to fit."""

from __future__ import annotations

from pathlib import Path

from eduplan.ingest.scores import read_scores
from eduplan.store.score_files import staged_scores

CURRENT = {"4418020001": [51, 61, 68], "4418020002": [44, 53, 65], "4418020004": [61, 72, 83]}
PRIORS = [40, 50, 60]
LAMBDA = 250 / 252
OTHER_SCHOOL = "4418030001"


def write_scores(root: Path) -> None:
    """Import the scores into ``root`` (a scores folder) without the database: the web tests point the store there."""
    lines = ["学籍号,学校标识码,学年,年级,科目,成绩,考试名称,满分"]
    for s, (school, scores) in enumerate(CURRENT.items()):
        for i, (score, prior) in enumerate(zip(scores, PRIORS, strict=True)):
            lines.append(f"W{s}{i},{school},2022,5,数学,{prior},五年级期末,100")
            lines.append(f"W{s}{i},{school},2023,6,数学,{score},六年级期末,100")
    lines += [f"W99,{OTHER_SCHOOL},2022,5,数学,90,五年级期末,100", f"W99,{OTHER_SCHOOL},2023,6,数学,99,六年级期末,100"]
    root.mkdir(parents=True)
    (root.parent / "scores.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with staged_scores(read_scores(root.parent / "scores.csv"), "scores.csv", root, var_dir=root.parent) as staged:
        staged.publish()
