"""A demo teacher roster for one county, calibrated to its census (docs/teachers.md, "Demo").

Pure: census rows in, tables out. The roster of the last year holds, per school and 学段, exactly the census's
专任教师 and its counts of 专科/本科/研究生, 高于规定学历, 县级以上骨干, 体育/音乐/美术, 持证 and 高级职称 teachers,
so the registry and the census agree on every measure both hold (the consistent demo). The year before holds the same
people, except the year's newcomers, and the year's movers at the school they came from: so the stored periods show
交流轮岗 (about 12% of eligible teachers, a quarter of them 骨干) and 支教/调动. Training hours are drawn for the
last three years. In public 小学/初中 the 在编 teachers are as many as the census's 在编教职工 allows (Qingcheng's
4,842 on establishment in 2020, grown as the census grows them). Teachers are pseudonyms drawn from the seed — there
are no 身份证号 in the demo.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from eduplan import contract as c

OTHER_SUBJECTS = {
    c.STAGE_PRESCHOOL: ("学前教育",),
    c.STAGE_PRIMARY: ("语文", "语文", "数学", "数学", "英语", "科学", "道德与法治", "信息科技"),
    c.STAGE_JUNIOR: ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治"),
    c.STAGE_SENIOR: ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "思想政治"),
}
CERTIFICATE = {
    c.STAGE_PRESCHOOL: "幼儿园教师资格",
    c.STAGE_PRIMARY: "小学教师资格",
    c.STAGE_JUNIOR: "初级中学教师资格",
    c.STAGE_SENIOR: "高级中学教师资格",
}


@dataclass(frozen=True)
class DemoTeachers:
    rosters: dict[int, pd.DataFrame]  # year → roster rows (core/ingest keys, teacher_id a pseudonym)
    transfers: dict[int, pd.DataFrame]
    training: dict[int, pd.DataFrame]  # year of the roster version → hours (of that year and, first, the year before)


def _pseudonyms(seed: int, n: int) -> list[str]:
    return [hashlib.sha256(f"demo-teacher-{seed}-{i}".encode()).hexdigest()[:32] for i in range(n)]


def _counts(row: pd.Series, key: str, n: int) -> int:
    value = row.get(key)
    return 0 if value is None or value != value else int(min(max(int(value), 0), n))


def _school_stage_teachers(row: pd.Series, rng: np.random.Generator, public: bool) -> pd.DataFrame:
    """n teachers of one school and 学段 whose counts are the census row's."""
    n = int(row["teachers"])
    stage = str(row["stage"])
    post = _counts(row, "teachers_postgraduate", n)
    bach = max(_counts(row, "teachers_bachelor_plus", n), post)
    assoc = max(_counts(row, "teachers_associate_plus", n), bach)
    education = np.array(
        ["研究生"] * post + ["本科"] * (bach - post) + ["专科"] * (assoc - bach) + ["中专"] * (n - assoc)
    )
    senior = _counts(row, "senior_title_teachers", n)
    rest = rng.choice(["一级", "二级", "三级", "未评"], size=n - senior, p=[0.45, 0.38, 0.05, 0.12])
    titles = np.concatenate([rng.choice(["高级", "正高级"], size=senior, p=[0.97, 0.03]), rest])
    pe, music, art = (_counts(row, k, n) for k in ("pe_teachers", "music_teachers", "art_teachers"))
    special = (["体育"] * pe + ["音乐"] * music + ["美术"] * art)[:n]
    subjects = np.array(special + list(rng.choice(OTHER_SUBJECTS[stage], size=n - len(special))), dtype=object)
    backbone = _counts(row, "backbone_teachers", n)
    levels = np.array(
        list(rng.choice(["县级", "市级", "省级"], size=backbone, p=[0.7, 0.25, 0.05])) + [""] * (n - backbone)
    )
    certified = _counts(row, "certified_teachers", n)
    certificates = np.array([CERTIFICATE[stage]] * certified + [""] * (n - certified), dtype=object)
    # Shuffle each attribute on its own: counts stay, the combinations vary.
    frame = pd.DataFrame(
        {
            "school_code": row["school_code"],
            "stage": stage,
            "education": rng.permutation(education),
            "title": rng.permutation(titles),
            "subjects": rng.permutation(subjects),
            "backbone_level": rng.permutation(levels),
            "certificate": rng.permutation(certificates),
        }
    )
    frame["backbone_level"] = np.where(
        (frame["backbone_level"] == "") & (rng.random(n) < 0.05), "校级", frame["backbone_level"]
    )  # 校级 is not 县级以上: the counts stay
    on_establishment = _counts(row, "staff_on_establishment", n) if public else 0
    establishment = ["在编"] * on_establishment + list(
        rng.choice(["临聘", "政府购买服务"], size=n - on_establishment) if public else ["其他"] * (n - on_establishment)
    )
    frame["establishment"] = rng.permutation(np.array(establishment, dtype=object))
    return frame


def generate_teachers(schools: pd.DataFrame, stages: pd.DataFrame, year: int, seed: int) -> DemoTeachers:
    """Rosters of ``year − 1`` and ``year`` for the schools of ``schools`` from the census 学段 rows of ``year``."""
    rng = np.random.default_rng(seed)
    sponsor = schools.set_index("school_code")["sponsor"]
    rows = stages[stages["stage"].isin(c.STAGES)].copy()
    rows["teachers"] = pd.to_numeric(rows["teachers"], errors="coerce").fillna(0)
    rows = rows[rows["teachers"] > 0].sort_values(["school_code", "stage"])
    parts = [
        _school_stage_teachers(r, rng, sponsor.get(r["school_code"]) == c.SPONSOR_PUBLIC) for _, r in rows.iterrows()
    ]
    roster = pd.concat(parts, ignore_index=True)
    n = len(roster)
    roster.insert(0, "teacher_id", _pseudonyms(seed, n))
    female_share = roster["stage"].map({c.STAGE_PRESCHOOL: 0.97, c.STAGE_PRIMARY: 0.78}).fillna(0.6).to_numpy()
    roster["sex"] = np.where(rng.random(n) < female_share, "女", "男")
    age = np.clip(np.round(rng.normal(41, 9.5, n)), 22, 59).astype(int)
    roster["birth_year"] = year - age
    roster["birth_month"] = rng.integers(1, 13, n)
    roster["post_kind"] = np.where(rng.random(n) < 0.03, "管理岗", "专业技术岗")
    roster["first_education"] = np.where(roster["education"] == "研究生", "本科", roster["education"])
    roster["post_level"] = ""
    roster["head_teacher"] = rng.random(n) < 0.35
    roster["backbone_since"] = np.where(roster["backbone_level"] != "", year - rng.integers(0, 8, n), np.nan)
    # 到校学年: at most the years since 22; a share came this year (newcomers and movers).
    longest = np.maximum(0, age - 22)
    roster["since"] = year - np.minimum(longest, rng.integers(0, 22, n))
    movers, transfers = _movers(roster, year, rng)
    previous = roster[(roster["since"] < year) | roster["teacher_id"].isin(movers["teacher_id"])].copy()
    back = previous["teacher_id"].map(movers.set_index("teacher_id")["from_school"])
    origin_since = previous["teacher_id"].map(movers.set_index("teacher_id")["origin_since"])
    previous["school_code"] = back.fillna(previous["school_code"])
    previous["since"] = origin_since.fillna(previous["since"]).astype(int)
    training = {
        year - 1: _hours(previous["teacher_id"], (year - 2, year - 1), rng),
        year: _hours(roster["teacher_id"], (year,), rng),
    }
    empty = transfers.iloc[0:0]
    return DemoTeachers({year - 1: previous, year: roster}, {year - 1: empty, year: transfers}, training)


def _movers(roster: pd.DataFrame, year: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Teachers who came this year from another school of the same 学段: ~12% of the eligible in public 小学/初中,
    骨干 overrepresented; they keep their place in ``roster`` (this year's school) and get an origin school."""
    public = roster["establishment"].isin(("在编", "区管校聘")) & roster["stage"].isin(c.COMPULSORY_STAGES)
    arrived = roster[public & (roster["since"] == year)]
    eligible_count = int((public & (roster["since"] <= year - 6)).sum())
    want = min(len(arrived), round(0.15 * eligible_count))  # ~12% of the eligible after 调动 are left out
    weight = np.where(arrived["backbone_level"].isin(("县级", "市级", "省级")), 5.0, 1.0)
    chosen = arrived.sample(n=want, weights=weight, random_state=int(rng.integers(1 << 31))) if want else arrived
    out = []
    schools_by_stage = roster.groupby("stage")["school_code"].unique()
    for _, t in chosen.iterrows():
        others = [s for s in schools_by_stage[t["stage"]] if s != t["school_code"]]
        if not others:
            continue
        kind = rng.choice(["交流", "支教", "调动"], p=[0.75, 0.15, 0.10])
        out.append(
            {
                "teacher_id": t["teacher_id"],
                "from_school": str(rng.choice(others)),
                "to_school": t["school_code"],
                "kind": str(kind),
                "date": pd.Timestamp(year=year, month=9, day=1).date(),
                "origin_since": int(year - rng.integers(6, 16)),
            }
        )
    movers = pd.DataFrame(out, columns=["teacher_id", "from_school", "to_school", "kind", "date", "origin_since"])
    transfers = movers[["teacher_id", "date", "kind", "from_school", "to_school"]].assign(row=range(2, len(movers) + 2))
    return movers, transfers


def _hours(teachers: pd.Series, years: tuple[int, ...], rng: np.random.Generator) -> pd.DataFrame:
    """One training record per teacher and year: mostly 50–100 hours, some teachers far behind."""
    frames = []
    for y in years:
        hours = np.clip(np.round(rng.normal(76, 22, len(teachers))), 0, 160)
        hours[rng.random(len(teachers)) < 0.06] = 0
        frame = pd.DataFrame({"teacher_id": teachers.to_numpy(), "kind": "集中培训", "hours": hours, "year": y})
        frames.append(frame[frame["hours"] > 0])
    out = pd.concat(frames, ignore_index=True)
    return out.assign(row=range(2, len(out) + 2))
