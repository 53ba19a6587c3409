"""Rules about teachers as people, as data with citations (docs/teachers.md).

交流轮岗 eligibility and shares, 继续教育 hours, 职称 levels, the qualification levels that count as 高于规定学历,
and the legal retirement ages with the gradual reform that started on 2025-01-01. Every number carries the spec's
status letter (P / S / 1 / U, ``standards.sources.STATUSES``) and source ids: those of ``shared/spec/standards.md`` §7
(S2, S42, S47 …) and the ids ``T1``… of :data:`TEACHER_SOURCES` for texts found for this module. A rule read in one
source only is status ``1`` and says so; a number from memory is ``U``.

Core code (``core/teachers.py``) reads these records and never spells a number itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from eduplan.contract import STAGE_JUNIOR, STAGE_PRESCHOOL, STAGE_PRIMARY, STAGE_SENIOR
from eduplan.standards.base import ALL_STAGES, Rule, Standard, Status

TEACHER_SOURCES: dict[str, str] = {
    "T1": (
        "《关于推进县（区）域内义务教育学校校长教师交流轮岗的意见》（教育部 财政部 人力资源社会保障部，"
        "教师〔2014〕4号）发布消息：教育部 2014-09-02 新闻发布会（摘要 http://kdd.epsnet.com.cn/documentDetail?aId=666911）"
    ),
    "T2": (
        "以该意见为题的试题选项（转述原文）：城镇学校、优质学校每学年教师交流轮岗的比例不低于符合交流条件教师总数的10%，"
        "骨干教师交流轮岗应不低于交流总数的20% http://faenzasaxfestival.com/tiku/shiti/6992554.html"
    ),
    "T3": (
        "某省 2016-01-07《关于推进县(区)域内义务教育学校校长教师交流轮岗工作的实施意见》：在现所在学校连续任教"
        "6年及以上者均应交流轮岗 https://www.jxxfw.com/conference/4a77e1b5969af0ad02528e7181ed69c8.html"
    ),
    "T4": (
        "安徽省教育厅等三部门推进县域校长教师交流轮岗：在同一学校任教6年以上的教师应交流轮岗；每年交流轮岗人数"
        "不低于符合交流条件教师总数的10% http://glgdyx.com/content-21-9686-1.html"
    ),
    "T5": (
        "《实施弹性退休制度暂行办法》报道（2025-01-02）：自2025年1月1日起用15年逐步提高法定退休年龄，男性60→63岁，"
        "女职工50→55岁，女干部55→58岁 https://vct.news/keyword/ren-kou-lao-hua"
    ),
    "T6": (
        "中小学教师继续教育规定（教育部令第7号，1999）：继续教育原则上每五年为一个培训周期 "
        "https://wodeyuanxiao.com/Educationandtraining/brklhmpvkc.html"
    ),
    "T7": "清远市教育质量提升发展十大行动计划（2021—2025年）（种子文件 001）第（10）条：高级岗位结构比例",
    "S42": "教师法 第十一条（合格学历） https://gwy.com/wenda/252275.html（spec/standards.md §7 S42）",
    "T8": "清城区教育发展“十四五”规划（种子文件 000）主要预期指标：专任教师年度继续教育完成率 100%",
}

# 职称 (专业技术职务) of 中小学教师 after the 2015 reform, highest first; "未评" = none.
TITLES: tuple[str, ...] = ("正高级", "高级", "一级", "二级", "三级", "未评")
# 学历, highest first. "中专" stands for 中等师范 / 高中 level.
EDUCATION_LEVELS: tuple[str, ...] = ("研究生", "本科", "专科", "中专", "高中及以下")
SEXES: tuple[str, ...] = ("男", "女")
# 骨干 levels, highest first; 校级 is not recognised by an education authority.
BACKBONE_LEVELS: tuple[str, ...] = ("省级", "市级", "县级", "校级")
ESTABLISHMENTS: tuple[str, ...] = ("在编", "区管校聘", "临聘", "政府购买服务", "其他")
POST_KINDS: tuple[str, ...] = ("专业技术岗", "管理岗", "工勤技能岗")
TRANSFER_KINDS: tuple[str, ...] = ("交流", "支教", "调动")
ROTATION_KINDS: tuple[str, ...] = ("交流", "支教")  # what counts as 交流轮岗; a 调动 is an ordinary transfer
PE_ART_SUBJECTS: tuple[str, ...] = ("体育", "音乐", "美术", "艺术")

ROTATION = Standard(
    id="teacher_rotation_2014",
    version="2014",
    title="县（区）域内义务教育学校校长教师交流轮岗",
    document_number="教师〔2014〕4号",
    issued="2014-08",
    indicators=(),
    rules=(
        Rule(
            key="eligible_years_at_school",
            name="在同一所学校连续任教满 6 年的教师符合交流条件",
            values={ALL_STAGES: 6.0},
            status="S",
            sources=("T3", "T4"),
            comparator=">=",
            unit="年",
            notes=(
                "两份省级实施文件一致（T3、T4）；全国意见（T1）原文未读到，6 年是否出自全国文本未证实。"
                "“满 6 年”：在 Y 学年开始时已在该校任教 Y − 到校学年 ≥ 6 个完整学年"
            ),
        ),
        Rule(
            key="rotation_share_min",
            name="每学年交流轮岗教师不低于符合交流条件教师总数的 10%",
            values={ALL_STAGES: 10.0},
            status="S",
            sources=("T2", "S2", "S47"),
            comparator=">=",
            unit="%",
            notes="优质均衡政府保障第 11 项同此（spec §1.5，数字为 1）；T2 转述 2014 意见（限城镇学校、优质学校）",
        ),
        Rule(
            key="backbone_share_min",
            name="骨干教师不低于交流轮岗教师总数的 20%",
            values={ALL_STAGES: 20.0},
            status="S",
            sources=("T2", "S47"),
            comparator=">=",
            unit="%",
            notes=(
                "骨干按县级及以上教育行政部门认定计（与优质均衡指标 2 一致，S47-a 定义，推断）；"
                "安徽（T4）以符合条件教师总数为分母，与此不同"
            ),
        ),
    ),
    notes=(
        "交流比例 = 本学年交流轮岗（交流、支教）教师数 / 学年初符合交流条件教师数（S47-a 的公式）",
        "符合交流条件：义务教育公办学校在编（含区管校聘）专任教师（范围取自县级实施方案，1）",
        "省级文件另有年龄、临近退休、孕期哺乳期等豁免，各地不同，未实现",
    ),
    sources=("T1", "T2", "T3", "T4", "S47"),
)

TRAINING = Standard(
    id="teacher_training",
    version="2011",
    title="中小学教师继续教育（五年一周期 360 学时）",
    document_number="中小学教师继续教育规定（教育部令第7号）；360 学时出处文号未读到",
    issued="1999",
    indicators=(),
    rules=(
        Rule(
            key="cycle_years",
            name="继续教育培训周期",
            values={ALL_STAGES: 5.0},
            status="1",
            sources=("T6",),
            unit="年",
            notes="仅读到一个二手来源转述教育部令第7号“原则上每五年为一个培训周期”",
        ),
        Rule(
            key="hours_per_cycle",
            name="每五年周期培训不少于 360 学时",
            values={ALL_STAGES: 360.0},
            status="S",
            sources=("S2", "S47"),
            comparator=">=",
            unit="学时",
            notes=(
                "优质均衡政府保障第 9 项“教师5年360学时培训完成率达到100%”（spec §1.5，S）；"
                "一般认为出自《教育部关于大力加强中小学教师培训工作的意见》（教师〔2011〕1号），原文未读到（U）"
            ),
        ),
        Rule(
            key="completion_target",
            name="五年 360 学时培训完成率",
            values={ALL_STAGES: 100.0},
            status="S",
            sources=("S2", "S47", "T8"),
            comparator=">=",
            unit="%",
        ),
        Rule(
            key="pro_rata_schedule",
            name="周期内进度：每年应完成 360 / 5 = 72 学时（按在职年数折算）",
            values={ALL_STAGES: 72.0},
            status="U",
            sources=("SPEC",),
            unit="学时/年",
            notes="“落后于进度”的判定是 eduplan 的做法，不是文件规定：已过年数 × 72 学时",
        ),
    ),
    sources=("S2", "S47", "T6"),
)

# 高于规定学历 per 学段 (spec §4): the lowest level that counts, by index into EDUCATION_LEVELS.
ABOVE_REQUIRED_MIN: dict[str, str] = {
    STAGE_PRESCHOOL: "专科",
    STAGE_PRIMARY: "专科",
    STAGE_JUNIOR: "本科",
    STAGE_SENIOR: "研究生",
}
ABOVE_REQUIRED_STATUS: dict[str, Status] = {
    STAGE_PRIMARY: "1",
    STAGE_JUNIOR: "1",
    STAGE_SENIOR: "U",
    STAGE_PRESCHOOL: "U",
}
MID_TITLE_PLUS: tuple[str, ...] = ("正高级", "高级", "一级")  # 中级及以上: 一级 = 中级 since the 2015 reform (U)
SENIOR_TITLES: tuple[str, ...] = ("正高级", "高级")
BACKBONE_COUNTY_PLUS: tuple[str, ...] = ("省级", "市级", "县级")

STRUCTURE = Standard(
    id="teacher_structure",
    version="2021",
    title="教师学历、职称、骨干结构",
    document_number="优质均衡指标 1–3（教督〔2017〕6号）；基本均衡指标 8（教督〔2012〕3号）；清远市十大行动计划",
    issued="2017",
    indicators=(),
    rules=(
        Rule(
            key="mid_title_plus",
            name="中级及以上职称 = 正高级、高级、一级教师",
            values={ALL_STAGES: 3.0},
            status="U",
            sources=("SPEC",),
            notes="2015 年中小学教师职称制度改革后一级教师对应中级（人社部发〔2015〕79号，凭记忆，未读到原文）",
        ),
        Rule(
            key="senior_post_share_target",
            name="高级岗位结构比例目标（清远市 2025）",
            values={STAGE_PRESCHOOL: 8.0, STAGE_PRIMARY: 15.0, STAGE_JUNIOR: 30.0, STAGE_SENIOR: 40.0},
            status="P",
            sources=("T7",),
            comparator=">=",
            unit="%",
            notes="地方规划目标，不是全国标准；高级 = 正高级 + 高级",
        ),
        Rule(
            key="above_required_minimum",
            name="高于规定学历：小学专科及以上，初中本科及以上（高中研究生，U）",
            values={STAGE_PRIMARY: 2.0, STAGE_JUNIOR: 1.0, STAGE_SENIOR: 0.0},
            status="1",
            sources=("S47", "S42"),
            notes="数值为 EDUCATION_LEVELS 中最低计入学历的序号（0 = 研究生）",
        ),
    ),
    sources=("S1", "S47", "T7"),
)


@dataclass(frozen=True)
class RetirementRule:
    """A legal retirement age and its gradual rise: ``base_age`` years before the reform; for whoever reaches it on
    or after ``reform_start`` (year, month), one month more per ``months_per_step`` months of that date, up to
    ``max_delay_months``."""

    key: str
    sex: str
    post_kinds: tuple[str, ...]
    base_age: int
    max_delay_months: int
    months_per_step: int
    status: Status
    sources: tuple[str, ...]
    notes: str = ""

    def retirement_month(self, birth_year: int, birth_month: int) -> tuple[int, int]:
        """(year, month) in which a person born in ``birth_year``/``birth_month`` reaches the retirement age."""
        base = (birth_year + self.base_age) * 12 + (birth_month - 1)
        start = REFORM_START[0] * 12 + (REFORM_START[1] - 1)
        delay = 0
        if base >= start:
            delay = min((base - start) // self.months_per_step + 1, self.max_delay_months)
        total = base + delay
        return total // 12, total % 12 + 1

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "sex": self.sex,
            "post_kinds": list(self.post_kinds),
            "base_age": self.base_age,
            "max_delay_months": self.max_delay_months,
            "months_per_step": self.months_per_step,
            "status": self.status,
            "sources": list(self.sources),
            "notes": self.notes,
        }


REFORM_START: tuple[int, int] = (2025, 1)
_REFORM_NOTE = (
    "起点、15 年和目标年龄读到一个来源（T5）；“每 4 个月延迟 1 个月”“每 2 个月延迟 1 个月”的节奏凭记忆"
    "（全国人大常委会关于实施渐进式延迟法定退休年龄的决定，2024-09-13），未读到原文（U）"
)
RETIREMENT_RULES: tuple[RetirementRule, ...] = (
    RetirementRule("male", "男", POST_KINDS, 60, 36, 4, "1", ("T5",), _REFORM_NOTE),
    RetirementRule("female_cadre", "女", ("专业技术岗", "管理岗"), 55, 36, 4, "1", ("T5",), _REFORM_NOTE),
    RetirementRule("female_worker", "女", ("工勤技能岗",), 50, 60, 2, "1", ("T5",), _REFORM_NOTE),
)


def retirement_rule(sex: str, post_kind: str) -> RetirementRule:
    """The rule for a sex and 岗位类别; an unknown 岗位类别 counts as 专业技术岗 (teachers' usual post)."""
    kind = post_kind if post_kind in POST_KINDS else "专业技术岗"
    for rule in RETIREMENT_RULES:
        if rule.sex == sex and kind in rule.post_kinds:
            return rule
    raise KeyError(f"没有 {sex}、{post_kind} 的退休年龄规则")


ALL_STANDARDS: tuple[Standard, ...] = (ROTATION, TRAINING, STRUCTURE)
