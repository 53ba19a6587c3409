"""控辍保学 (keeping compulsory-age pupils in school): the rules of a case as data, each with its source.

Status letters as in ``standards.sources``: P = read in the seed plan as published; S = two or more agreeing
secondary sources quoting the official text; U = an eduplan or bureau parameter where no text fixes the number.
core/attendance.py reads these records to flag overdue steps; nothing there spells a day count.
"""

from __future__ import annotations

from dataclasses import dataclass

from eduplan.standards.base import Status

ATTENDANCE_SOURCES: dict[str, str] = {
    "QY-BQW": "清远市“百县千镇万村高质量发展工程”教育提升行动实施方案（2023—2027年）（清府办函〔2024〕15号）",
    "GB-2017-72": "《国务院办公厅关于进一步加强控辍保学提高义务教育巩固水平的通知》（国办发〔2017〕72号）",
    "JY-10": "《教育部等十部门关于进一步加强控辍保学工作健全义务教育有保障长效机制的若干意见》（文号未证实）",
    "JJT-2024-15": "《教育部办公厅关于建立健全义务教育控辍保学常态化报告工作机制的通知》（教基厅函〔2024〕15号）",
    "YWJYF-11": "《中华人民共和国义务教育法》第十一条（年满六周岁入学，接受九年义务教育）",
    "BUREAU": "县（区）教育局自定参数（eduplan 默认值，可由教育局改定）",
}

QUOTE_SEED = (
    "健全控辍保学常态化监测机制，建立未返校学生定期报告制度、3 天无理由未返校学生家访制度，对无理由长期"
    "未返校学生按照“一人一案”及时跟进劝返复学。保障残疾儿童少年受教育权利。"
)
QUOTE_REPORT = (
    "各地要建立健全“四个一”报告机制：一是学校一月一报告，对疑似辍学或辍学的学生，及时纳入相应台账，并向主管"
    "教育部门上报。二是县区一季度一复核……三是地市一学期一调研……四是省级一学年一评估"
)
QUOTE_RETENTION = "九年义务教育巩固率保持在 96%以上"


@dataclass(frozen=True)
class CaseRule:
    key: str
    name: str
    days: int
    status: Status
    sources: tuple[str, ...]
    quote: str = ""
    notes: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "name": self.name,
            "days": self.days,
            "status": self.status,
            "sources": [ATTENDANCE_SOURCES[s] for s in self.sources],
            "quote": self.quote,
            "notes": self.notes,
        }


HOME_VISIT = CaseRule(
    key="home_visit_days",
    name="无理由未返校满 3 天须家访",
    days=3,
    status="P",
    sources=("QY-BQW",),
    quote=QUOTE_SEED,
    notes="从学生首日无理由缺勤（报告中的“起始日期”）起算，第 3 天结束前须有家访记录；逾期即标记",
)
SCHOOL_REPORT = CaseRule(
    key="school_report_days",
    name="学校一月一报告（未返校、疑似辍学和辍学学生）",
    days=31,
    status="S",
    sources=("JJT-2024-15", "QY-BQW"),
    quote=QUOTE_REPORT,
    notes="种子文件只说“定期报告”；按月的间隔取自教基厅函〔2024〕15号（经转载的通知原文与人民日报、澎湃报道一致，"
    "未读到教育部网站原文）。一个未结案件距上次报告超过 31 天即标记",
)
COUNTY_REVIEW = CaseRule(
    key="county_review_days",
    name="县区一季度一复核",
    days=92,
    status="S",
    sources=("JJT-2024-15",),
    quote=QUOTE_REPORT,
    notes="县（区）教育局每季度复核学校报送的辍学学生数据；eduplan 的月报按季汇总供复核，不单独标记",
)
LONG_ABSENCE = CaseRule(
    key="long_absence_days",
    name="“长期未返校”的天数（须建立一人一案）",
    days=15,
    status="U",
    sources=("BUREAU", "QY-BQW"),
    quote=QUOTE_SEED,
    notes="种子文件要求对“无理由长期未返校学生”一人一案，但未说多长算长期；eduplan 默认连续 15 天，教育局可改",
)
PLAN_DUE = CaseRule(
    key="plan_due_days",
    name="长期未返校后建立“一人一案”的期限",
    days=7,
    status="U",
    sources=("BUREAU", "QY-BQW"),
    quote=QUOTE_SEED,
    notes="原文为“及时跟进”，未给期限；eduplan 默认达到长期未返校后 7 天内须有一人一案记录",
)
RULES: tuple[CaseRule, ...] = (HOME_VISIT, SCHOOL_REPORT, COUNTY_REVIEW, LONG_ABSENCE, PLAN_DUE)

COMPULSORY_AGE = (6, 15)  # 年满 6 周岁入学，九年：6–15 周岁（YWJYF-11；条件不具备地区可推迟至 7 周岁）
RETENTION_TARGET = 96.0  # 九年义务教育巩固率 ≥ 96%（QY-BQW 第 1062 行，全市）；各区规划以 plan bind 的目标为准

# What a case is about (the four kinds) and why.
KINDS: tuple[str, ...] = ("长期缺勤", "辍学", "休学", "送教上门")
REASONS: tuple[str, ...] = ("厌学", "学习困难", "家庭经济困难", "疾病", "残疾", "外出务工", "家庭变故", "其他")
GROUPS: tuple[str, ...] = ("留守儿童", "困境儿童", "残疾儿童", "随迁子女", "孤儿或事实无人抚养儿童")

# The steps of a case, in order. 复学 or one of the lawful outcomes closes it.
REPORT, VISIT, PLAN, PERSUADE, RETURNED = "报告", "家访", "一人一案", "劝返", "复学"
OUTCOMES: tuple[str, ...] = (
    "转学",
    "送教上门",
    "休学（经批准）",
    "就读特殊教育学校",
    "超出义务教育年龄",
    "死亡",
    "其他依法结案",
)
STEPS: tuple[str, ...] = (REPORT, VISIT, PLAN, PERSUADE, RETURNED, *OUTCOMES)
CLOSING_STEPS: frozenset[str] = frozenset({RETURNED, *OUTCOMES})
