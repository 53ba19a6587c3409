"""《县域义务教育优质均衡发展督导评估办法》(教督〔2017〕6号) as data (spec/standards.md §1)."""

from __future__ import annotations

from eduplan import contract as c
from eduplan.standards.base import Indicator, ManualItem, Rule, Standard, Status

PRIMARY, JUNIOR = c.STAGE_PRIMARY, c.STAGE_JUNIOR
# 小学 : 初中 : 高中 pupil equivalents for apportioning 全校 facilities (S10; also used by 基本均衡).
PUPIL_EQUIVALENTS: dict[str, float] = {c.STAGE_PRIMARY: 1.0, c.STAGE_JUNIOR: 1.1, c.STAGE_SENIOR: 1.32}

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="teachers_above_required_per100",
        name="每百名学生拥有高于规定学历教师数",
        unit="人",
        thresholds={PRIMARY: 4.2, JUNIOR: 5.3},
        comparator=">=",
        formula="100 × 高于规定学历专任教师数 / 在校生数（小学：专科及以上；初中：本科及以上）",
        status="P",
        sources=("S1", "S3", "S5"),
        numerator=("teachers_above_required",),
        scale=100.0,
        addition_unit="人",
        notes="“高于规定学历”的口径来自 S47-a，与教师法第十一条一致",
    ),
    Indicator(
        key="backbone_teachers_per100",
        name="每百名学生拥有县级以上骨干教师数",
        unit="人",
        thresholds={PRIMARY: 1.0, JUNIOR: 1.0},
        comparator=">=",
        formula="100 × 县级及以上教育行政部门认定的骨干教师数 / 在校生数",
        status="P",
        sources=("S1", "S5"),
        numerator=("backbone_teachers",),
        scale=100.0,
        addition_unit="人",
    ),
    Indicator(
        key="pe_art_teachers_per100",
        name="每百名学生拥有体育、艺术（美术、音乐）专任教师数",
        unit="人",
        thresholds={PRIMARY: 0.9, JUNIOR: 0.9},
        comparator=">=",
        formula="100 × (体育 + 音乐 + 美术专任教师数) / 在校生数",
        status="P",
        sources=("S1", "S5", "S2"),
        numerator=("pe_teachers", "music_teachers", "art_teachers"),
        scale=100.0,
        addition_unit="人",
        notes="50–99 人农村小规模学校可计入交流轮岗、兼职、走教教师（S47-a，未实现：普查表无此数据）",
    ),
    Indicator(
        key="teaching_aux_area_per_student",
        name="生均教学及辅助用房面积",
        unit="㎡",
        thresholds={PRIMARY: 4.5, JUNIOR: 5.8},
        comparator=">=",
        formula="教学及辅助用房面积（不含室内体育用房）/ 在校生数",
        status="S",
        sources=("S2", "S47"),
        numerator=("teaching_aux_area",),
        addition_unit="㎡",
    ),
    Indicator(
        key="sports_area_per_student",
        name="生均体育运动场馆面积",
        unit="㎡",
        thresholds={PRIMARY: 7.5, JUNIOR: 10.2},
        comparator=">=",
        formula="(室外运动场地面积 + 室内体育用房面积) / 在校生数",
        status="S",
        sources=("S3", "S2"),
        numerator=("sports_area",),
        addition_unit="㎡",
    ),
    Indicator(
        key="equipment_value_per_student",
        name="生均教学仪器设备值",
        unit="元",
        thresholds={PRIMARY: 2000.0, JUNIOR: 2500.0},
        comparator=">=",
        formula="教学仪器设备资产值（万元）× 10000 / 在校生数",
        status="S",
        sources=("S2", "S47"),
        numerator=("equipment_value",),
        scale=10000.0,  # the census reports 万元, the threshold is 元 per student
        addition_unit="万元",
        addition_step=0.01,
    ),
    Indicator(
        key="multimedia_rooms_per100",
        name="每百名学生拥有网络多媒体教室数",
        unit="间",
        thresholds={PRIMARY: 2.3, JUNIOR: 2.4},
        comparator=">=",
        formula="100 × 网络多媒体教室间数 / 在校生数",
        status="S",
        sources=("S2", "S47"),
        numerator=("multimedia_rooms",),
        scale=100.0,
        addition_unit="间",
    ),
)

RULES: tuple[Rule, ...] = (
    Rule(
        key="cv_limit",
        name="各项指标校际差异系数上限（小学≤0.50，初中≤0.45，每项分别判定）",
        values={PRIMARY: 0.50, JUNIOR: 0.45},
        comparator="<=",
        status="S",
        sources=("S2", "S6", "S7", "S47"),
        notes="无综合差异系数判定规则；七项差异系数的平均值（综合）仅供参考",
    ),
    Rule(
        key="school_min_met",
        name="每所学校至少达标的指标项数",
        values={"*": 6},
        comparator=">=",
        status="S",
        sources=("S2", "S47"),
    ),
    Rule(
        key="school_floor_ratio",
        name="余项不能低于要求的85%",
        values={"*": 0.85},
        comparator=">=",
        status="1",
        sources=("S47",),
        notes="国家原文措辞未读到（U），规则文本来自第三方配置 S47-b",
    ),
    Rule(
        key="cv_student_weighted",
        name="差异系数按学生数加权（1 = 加权，0 = 不加权）",
        values={"*": 1},
        status="U",
        sources=("S8", "S9", "S6"),
        notes="加权公式为基本均衡时期的官方方法（S8、S9），优质均衡沿用属实践推断，2017 年原文未读到",
    ),
    Rule(
        key="pupil_equivalent_weight",
        name="一贯制学校、完全中学共享资源按学生当量拆分（小学1∶初中1.1∶高中1.32）",
        values=PUPIL_EQUIVALENTS,
        status="U",
        sources=("S10",),
        notes=(
            "拆分方法出自基本均衡实践（S10，单一来源），用于优质均衡属推断；"
            "仅拆分设施类指标（用房、场馆、仪器、多媒体教室），此拆分范围同样未经证实"
        ),
    ),
    Rule(
        key="complete_secondary_weight",
        name="完全中学 初中∶高中 = 1∶1.2",
        values={c.STAGE_JUNIOR: 1.0, c.STAGE_SENIOR: 1.2},
        status="1",
        sources=("S10",),
        notes="与 1∶1.1∶1.32 的比例相同（1.32 / 1.1 = 1.2），故一并按学生当量拆分",
    ),
    Rule(
        key="teaching_point_min_students",
        name="不足50人的教学点不参加评估（与特殊教育学校、职业学校一并排除）",
        values={"*": 50},
        comparator=">=",
        unit="人",
        status="U",
        sources=("S1",),
        notes="河北省具体办法原文（S1）“不含特殊教育学校、职业学校及不足50人的教学点”；国家原文是否有相同的排除范围未经证实",
    ),
)


def _items(dimension: str, rows: tuple[tuple[str, str, Status, tuple[str, ...], str], ...]) -> tuple[ManualItem, ...]:
    return tuple(
        ManualItem(
            key=key,
            dimension=dimension,
            name=name,
            status=status,
            sources=src,
            notes=notes,
        )
        for key, name, status, src, notes in rows
    )


GOVERNMENT = "政府保障程度"
QUALITY = "教育质量"
RECOGNITION = "社会认可度"
VETO = "一票否决"

MANUAL_ITEMS: tuple[ManualItem, ...] = (
    *_items(
        GOVERNMENT,
        (
            (
                "gov_01_layout",
                "县域内义务教育学校规划布局合理，符合国家规定要求",
                "S",
                ("S2", "S47"),
                "",
            ),
            (
                "gov_02_unified",
                "城乡学校建设标准、教师编制标准、生均公用经费基准定额、基本装备配置标准统一",
                "S",
                ("S2", "S47"),
                "",
            ),
            (
                "gov_03_music_art_rooms",
                "每12个班级配备音乐、美术专用教室1间以上，面积分别不小于96、90平方米",
                "1",
                ("S2", "S47"),
                "96/90 ㎡ 仅见于 S47-a",
            ),
            (
                "gov_04_school_size",
                "小学、初中规模不超过2,000人，一贯制学校义务教育阶段不超过2,500人",
                "S",
                ("S5", "S47", "S2"),
                "班额评估（class-size）按普查数据给出参考",
            ),
            (
                "gov_05_class_size",
                "小学、初中所有班级学生数分别不超过45人、50人",
                "S",
                ("S2", "S47"),
                "班额评估（class-size）按普查数据给出参考",
            ),
            (
                "gov_06_small_school_funding",
                "不足100名学生的村小学和教学点按100名学生核定公用经费",
                "S",
                ("S47",),
                "",
            ),
        ),
    ),
    ManualItem(
        key="gov_07_special_funding",
        dimension=GOVERNMENT,
        name="特殊教育学校生均公用经费不低于国家基准（2016年起6,000元，2025年春起7,000元）",
        status="U",
        sources=("S45", "S46", "S47"),
        threshold=6000.0,
        comparator=">=",
        unit="元",
        # The national baseline, dated: 6000 from 2016 (S45), 7000 from the 2025 spring term (S46), i.e. from
        # the 2024 school year's second term; counted from school year 2025, the first full year at 7000.
        dated_thresholds=((2025, 7000.0),),
        notes=(
            "6,000 元为 2016 年国家基准（S45），2025 年春起 7,000 元（S46，自 2025 学年起按 7,000 元判定），"
            "第三方配置用 8000 元；办法原文数值未经证实"
        ),
    ),
    *_items(
        GOVERNMENT,
        (
            (
                "gov_08_teacher_pay",
                "教师平均工资收入水平不低于当地公务员平均工资收入水平",
                "S",
                ("S4", "S2"),
                "",
            ),
            (
                "gov_09_training",
                "教师5年360学时培训完成率达到100%",
                "S",
                ("S2", "S47"),
                "",
            ),
            (
                "gov_10_posts",
                "县级教育行政部门统筹分配各校教职工编制和岗位数量",
                "1",
                ("S47",),
                "",
            ),
            (
                "gov_11_rotation",
                "交流轮岗教师比例不低于符合条件教师的10%，其中骨干教师不低于20%",
                "1",
                ("S2", "S47"),
                "数值仅见于 S47",
            ),
            (
                "gov_12_certified",
                "专任教师持有教师资格证上岗率达到100%",
                "1",
                ("S47",),
                "",
            ),
            (
                "gov_13_nearby_enrolment",
                "城区和镇区公办小学、初中就近划片入学比例分别达到100%、95%以上",
                "1",
                ("S2", "S47"),
                "",
            ),
            (
                "gov_14_quota_allocation",
                "优质高中招生名额分配比例不低于50%，并向农村初中倾斜",
                "1",
                ("S2", "S47"),
                "",
            ),
            (
                "gov_15_migrant_children",
                "符合条件的随迁子女在公办学校和政府购买服务的民办学校就读比例不低于85%",
                "S",
                ("S2", "S47"),
                "",
            ),
        ),
    ),
    *_items(
        QUALITY,
        (
            ("q_01_retention", "全县初中三年巩固率达到95%以上", "S", ("S2", "S47"), ""),
            (
                "q_02_disabled_enrolment",
                "全县残疾儿童少年入学率达到95%以上",
                "S",
                ("S2", "S47"),
                "",
            ),
            (
                "q_03_charter_it",
                "所有学校制定章程，实现学校管理与教学信息化",
                "S",
                ("S2", "S47"),
                "",
            ),
            (
                "q_04_training_funds",
                "按不低于学校年度公用经费预算总额的5%安排教师培训经费",
                "1",
                ("S2", "S47"),
                "",
            ),
            (
                "q_05_it_use",
                "教师能熟练运用信息化手段组织教学，设施设备利用率较高",
                "S",
                ("S2", "S47"),
                "",
            ),
            (
                "q_06_moral_culture",
                "所有学校德育工作、校园文化建设水平达到良好以上",
                "S",
                ("S2", "S47"),
                "",
            ),
            (
                "q_07_curriculum",
                "课程开齐开足，教学秩序规范，综合实践活动有效开展",
                "S",
                ("S2", "S47"),
                "",
            ),
            ("q_08_workload", "无过重课业负担", "S", ("S2", "S47"), ""),
            (
                "q_09_monitoring",
                "国家义务教育质量监测相关科目学业水平达到Ⅲ级以上，且校际差异率低于0.15",
                "1",
                ("S2", "S47"),
                "校际差异率定义未经证实",
            ),
        ),
    ),
    ManualItem(
        key="recognition",
        dimension=RECOGNITION,
        name="社会认可度达到85%以上",
        status="S",
        sources=("S2", "S47", "S4"),
        threshold=85.0,
        comparator=">=",
        unit="%",
        veto=True,
        notes="调查对象（学生、家长、教师、校长、人大代表、政协委员及其他群众）的完整名单未经证实（U）",
    ),
    *tuple(
        ManualItem(
            key=key,
            dimension=VETO,
            name=name,
            status="S",
            sources=("S4", "S2"),
            veto=True,
        )
        for key, name in (
            ("veto_exam_admission", "无以考试方式招生"),
            ("veto_school_choice", "无违规择校"),
            ("veto_key_schools", "无重点校、重点班"),
        )
    ),
    *tuple(
        ManualItem(
            key=key,
            dimension=VETO,
            name=name,
            status="U",
            sources=("S4", "SPEC"),
            veto=True,
            notes="更完整的一票否决清单只见于记忆和推断，未在任何已存来源中读到",
        )
        for key, name in (
            ("veto_unfilled_posts", "无“有编不补”、长期聘用编外教师"),
            ("veto_safety_incident", "无重大安全责任事故和严重违纪违规事件"),
            ("veto_falsification", "无弄虚作假"),
        )
    ),
)

STANDARD = Standard(
    id="quality_balance_2017",
    version="1",
    title="县域义务教育优质均衡发展督导评估办法",
    document_number="教督〔2017〕6号",
    issued="2017-04-26",
    indicators=INDICATORS,
    rules=RULES,
    manual_items=MANUAL_ITEMS,
    excluded_school_types=(c.SPECIAL, c.VOCATIONAL),
    sources=("S1", "S2", "S3"),
    notes=(
        "教育部原文未读到：数值取自转引国家文本的河北省办法（S1）、新闻（S3）、安徽标准（S5）、县级监测表（S6、S7）和第三方实现（S47）",
        "印发日期 2017-04-26 未经核对（U）",
        "“以上”包括本数：达到阈值即达标（S50）；比较按全精度进行，显示保留三位小数（官方取舍规则未经证实，U）",
        "评估范围“不含特殊教育学校、职业学校及不足50人的教学点”出自河北省办法（S1），国家原文未经证实（U）",
    ),
)
