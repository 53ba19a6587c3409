"""Importing student scores: the Parquet snapshot (``store.score_files``) and its audit entry, as one write.

The scores live in Parquet files, the audit entry in the database; they are kept in step by making the new snapshot
current inside the transaction that writes the entry. If the entry cannot be written, or the transaction does not
commit, ``current`` goes back to the earlier snapshot and the new one is deleted: nothing is half-stored.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from eduplan.ingest.scores import ScoreFile
from eduplan.store import audit
from eduplan.store.runs import UserLike
from eduplan.store.score_files import ImportSummary, staged_scores


def import_summary_line(name: str, summary: ImportSummary) -> str:
    years = "、".join(str(y) for y in summary.years)
    return (
        f"已导入 {name}：{summary.rows} 行成绩，{summary.students} 名学生，{summary.schools} 所学校，"
        f"学年 {years}；替换旧成绩 {summary.replaced} 行；缺考（成绩空白）{summary.without_score} 行"
    )


def do_import_scores(
    checked: ScoreFile, file: str, *, user: UserLike = None, root: Path | None = None, var_dir: Path | None = None
) -> ImportSummary:
    """Store a checked score file (pseudonymised) and audit it; ``root`` is ``var/scores`` unless given."""
    with staged_scores(checked, file, root, var_dir) as staged:
        summary = staged.summary
        with transaction.atomic():
            audit.record(
                user,
                "scores.import",
                "Scores",
                file,
                summary=import_summary_line(file, summary),
                after={k: v for k, v in summary.as_dict().items() if k != "warnings"},
            )
            staged.publish()  # last step before the commit: an error above leaves current untouched
    return summary
