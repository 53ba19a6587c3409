"""What the demo province looks like, county by county: the figures the seed plans publish for 2020
and, where the seeds are silent, plausible assumptions. docs/demo-data.md lists every figure with
the seed file and line it comes from; what is not there is an assumption (listed there too).
"""

from __future__ import annotations

from dataclasses import dataclass

CALIBRATION_YEAR = 2020  # the seeds' baseline year (十三五 end, 十四五 规划 base)


@dataclass(frozen=True)
class TownProfile:
    """One town/street of a county: its share of the county's children and how children move."""

    name: str
    urban_rural: str  # the class of the town's central schools: 城区, 镇区 or 乡村
    weight: float  # share of the county's child population
    pull: float  # net yearly growth of school-age demand from migration (+ inflow, - outflow)
    crowded: bool = False  # central, over-full schools with classes above the standard


@dataclass(frozen=True)
class SchoolCounts:
    """Schools active in the calibration year by type and sponsor (教学点 are not schools here)."""

    primary_public: int
    teaching_points: int
    junior_public: int
    nine_year_public: int
    primary_private: int = 0
    junior_private: int = 0
    nine_year_private: int = 0
    twelve_year_private: int = 0
    senior_public: int = 0
    senior_private: int = 0
    vocational: int = 0
    special: int = 0
    kg_public: int = 0
    kg_inclusive_private: int = 0
    kg_private: int = 0

    @property
    def compulsory(self) -> int:
        return (
            self.primary_public
            + self.junior_public
            + self.nine_year_public
            + self.primary_private
            + self.junior_private
            + self.nine_year_private
            + self.twelve_year_private
        )

    @property
    def compulsory_public(self) -> int:
        return self.primary_public + self.junior_public + self.nine_year_public

    @property
    def kindergartens(self) -> int:
        return self.kg_public + self.kg_inclusive_private + self.kg_private


@dataclass(frozen=True)
class TeacherRates:
    """Shares of 专任教师 by qualification in the calibration year, and whether they describe
    public schools only (as Qingcheng's table does) or all schools (as Huadu's does)."""

    primary_bachelor: float
    primary_postgraduate: float
    junior_bachelor: float
    junior_postgraduate: float
    kg_associate: float
    senior_postgraduate: float
    public_only: bool = False


@dataclass(frozen=True)
class CountyProfile:
    code: str
    name: str
    centre: tuple[float, float]  # lon, lat of the county seat (WGS-84)
    resident_total: int  # all ages, calibration year
    share_0_14: float
    towns: tuple[TownProfile, ...]
    counts: SchoolCounts
    rates: TeacherRates
    public_primary_share: float  # of primary pupils in public schools (when no absolute target)
    # Absolute calibration-year targets (pupils), where a seed gives them
    public_primary: int | None = None
    public_junior: int | None = None
    private_primary: int | None = None
    private_junior: int | None = None
    preschool_ger: float = 0.98  # preschool pupils / residents aged 3-5
    senior_ger: float = 0.92  # 高中阶段 pupils / residents aged 15-17
    kg_public_share: float | None = None  # of preschool pupils (Huadu)
    kg_inclusive_share: float = 0.84  # 公办 + 普惠民办 pupils / all preschool pupils
    migrant_public_share: float | None = None  # of compulsory migrant pupils in public schools
    disabled_in_class: int | None = None  # 随班就读 pupils
    special_school_pupils: int | None = None
    authorized_posts: int | None = None  # public compulsory schools
    public_teachers: dict[int, int] | None = None  # 专任教师 of public compulsory schools by school year
    staff_on_establishment: int | None = None
    education_groups: tuple[int, int] | None = None  # (groups, member schools)
    # Schools of a kind ("kg_private" or "public") founded in a span of years and still open in the
    # calibration year: (kind, first year, last year, how many)
    recent_openings: tuple[tuple[str, int, int, int], ...] = ()
    facility_spread: float = 1.0  # dispersion of per-pupil facilities between schools
    staffing_boost: float = 1.0  # multiplies 骨干 and 音体美 teacher shares (a county that invested)
    senior_title: tuple[float, float, float, float] = (0.04, 0.10, 0.22, 0.33)  # 幼 小 初 高


def _generic_towns(names: tuple[str, ...], seat_weight: float = 0.3) -> tuple[TownProfile, ...]:
    """A county seat that draws children in and rural towns that lose them (no seed gives town figures)."""
    rest = (1.0 - seat_weight) / max(1, len(names) - 1)
    towns = [TownProfile(names[0], "城区", seat_weight, 0.03)]
    for i, n in enumerate(names[1:]):
        towns.append(TownProfile(n, "镇区" if i % 3 == 0 else "乡村", rest, -0.03))
    return tuple(towns)


QINGCHENG = CountyProfile(
    code="441802",
    name="清城区",
    centre=(113.05, 23.70),
    resident_total=1_119_900,
    share_0_14=0.2111,
    towns=(
        TownProfile("凤城街道", "城区", 0.16, 0.025, crowded=True),
        TownProfile("东城街道", "城区", 0.17, 0.03, crowded=True),
        TownProfile("洲心街道", "城区", 0.15, 0.035, crowded=True),
        TownProfile("横荷街道", "城区", 0.16, 0.02),
        TownProfile("源潭镇", "镇区", 0.10, -0.015),
        TownProfile("龙塘镇", "镇区", 0.10, 0.0),
        TownProfile("石角镇", "镇区", 0.10, 0.005),
        TownProfile("飞来峡镇", "乡村", 0.06, -0.03),
    ),
    counts=SchoolCounts(
        primary_public=64,
        teaching_points=15,
        junior_public=11,
        nine_year_public=8,
        primary_private=12,
        junior_private=3,
        nine_year_private=5,
        twelve_year_private=2,
        senior_public=6,  # 市直 high schools stand in 清城's streets
        vocational=2,
        special=1,
        kg_public=14,
        kg_inclusive_private=157,
        kg_private=33,
    ),
    rates=TeacherRates(0.8137, 0.011, 0.965, 0.015, 0.92, 0.05, public_only=True),
    public_primary_share=0.91,
    public_primary=91_300,
    public_junior=34_100,
    private_primary=9_000,
    private_junior=4_500,
    preschool_ger=0.99,
    kg_inclusive_share=0.84,
    disabled_in_class=308,
    recent_openings=(("kg_private", 2017, 2020, 190 - 134),),  # 民办园 134 (2016) -> 190 (2020)
    special_school_pupils=92,
    authorized_posts=5_251,
    # 4,842 在编 + 880 购买服务 + 1,225 临聘 in 2020; 400 more bought and 150 recruited for 2021 (000 l.195)
    public_teachers={2020: 4_842 + 880 + 1_225, 2021: 4_842 + 880 + 1_225 + 400 + 150},
    staff_on_establishment=4_842,
)

HUADU = CountyProfile(
    code="440114",
    name="花都区",
    centre=(113.22, 23.40),
    resident_total=1_640_000,
    share_0_14=0.18,
    towns=(
        TownProfile("新华街道", "城区", 0.24, 0.03, crowded=True),
        TownProfile("新雅街道", "城区", 0.10, 0.04),
        TownProfile("秀全街道", "城区", 0.12, 0.03),
        TownProfile("花城街道", "城区", 0.10, 0.03),
        TownProfile("花山镇", "镇区", 0.09, 0.0),
        TownProfile("花东镇", "镇区", 0.10, 0.01),
        TownProfile("炭步镇", "镇区", 0.06, -0.01),
        TownProfile("赤坭镇", "镇区", 0.06, -0.01),
        TownProfile("狮岭镇", "镇区", 0.11, 0.02),
        TownProfile("梯面镇", "乡村", 0.02, -0.04),
    ),
    counts=SchoolCounts(80, 6, 20, 12, 25, 5, 10, 2, 8, 2, 4, 1, 95, 95, 40),
    rates=TeacherRates(0.59, 0.008, 0.8723, 0.012, 0.935, 0.0932),
    public_primary_share=0.64,
    preschool_ger=1.0051,
    senior_ger=1.0508,
    kg_public_share=0.5212,
    kg_inclusive_share=0.8333,
    migrant_public_share=0.3463,
    education_groups=(12, 58),
    senior_title=(0.05, 0.14, 0.28, 0.36),
)

LIWAN = CountyProfile(
    code="440103",
    name="荔湾区",
    centre=(113.24, 23.12),
    resident_total=1_120_000,
    share_0_14=0.13,
    towns=tuple(
        TownProfile(n, "城区", w, p, crowded=c)
        for n, w, p, c in (
            ("沙面街道", 0.01, -0.02, False),
            ("岭南街道", 0.03, -0.02, False),
            ("华林街道", 0.03, -0.02, False),
            ("多宝街道", 0.04, -0.02, False),
            ("昌华街道", 0.03, -0.02, False),
            ("逢源街道", 0.05, -0.01, False),
            ("龙津街道", 0.04, -0.01, False),
            ("金花街道", 0.05, -0.01, False),
            ("彩虹街道", 0.05, -0.01, False),
            ("南源街道", 0.05, 0.0, False),
            ("西村街道", 0.05, 0.0, False),
            ("站前街道", 0.04, 0.0, False),
            ("桥中街道", 0.06, 0.03, False),
            ("白鹤洞街道", 0.06, 0.04, True),
            ("冲口街道", 0.05, 0.01, False),
            ("花地街道", 0.05, 0.01, False),
            ("石围塘街道", 0.06, 0.04, True),
            ("茶滘街道", 0.05, 0.01, False),
            ("东漖街道", 0.06, 0.02, False),
            ("海龙街道", 0.05, 0.02, False),
            ("东沙街道", 0.05, 0.02, False),
            ("中南街道", 0.04, 0.01, False),
        )
    ),
    counts=SchoolCounts(55, 0, 12, 8, 5, 2, 3, 1, 6, 1, 2, 1, 40, 50, 15),
    rates=TeacherRates(0.90, 0.03, 0.98, 0.05, 0.95, 0.15),
    public_primary_share=0.88,
    preschool_ger=1.0,
    senior_ger=1.0,
    education_groups=(9, 40),
    recent_openings=(("public", 2016, 2020, 24),),  # 新开办 24 所公建配套学校（园） in 十三五
    senior_title=(0.06, 0.16, 0.32, 0.42),
)


def _qingyuan_county(
    code: str,
    name: str,
    centre: tuple[float, float],
    resident_total: int,
    share_0_14: float,
    towns: tuple[str, ...],
    counts: SchoolCounts,
    primary_bachelor: float,
    spread: float = 1.0,
    kg_public_share: float | None = None,
    staffing_boost: float = 1.0,
) -> CountyProfile:
    return CountyProfile(
        code=code,
        name=name,
        centre=centre,
        resident_total=resident_total,
        share_0_14=share_0_14,
        towns=_generic_towns(towns),
        counts=counts,
        rates=TeacherRates(primary_bachelor, 0.005, 0.90, 0.008, 0.80, 0.04),
        public_primary_share=0.95,
        preschool_ger=0.97,
        senior_ger=0.90,
        kg_inclusive_share=0.86,
        kg_public_share=kg_public_share,
        facility_spread=spread,
        staffing_boost=staffing_boost,
    )


QINGXIN = _qingyuan_county(
    "441803",
    "清新区",
    (112.98, 23.73),
    700_000,
    0.23,
    ("太和镇", "山塘镇", "三坑镇", "太平镇", "禾云镇", "龙颈镇", "浸潭镇", "石潭镇"),
    SchoolCounts(70, 20, 15, 6, 6, 2, 3, 1, 3, 1, 1, 1, 20, 80, 25),
    0.68,
)
FOGANG = _qingyuan_county(
    "441821",
    "佛冈县",
    (113.53, 23.88),
    330_000,
    0.22,
    ("石角镇", "汤塘镇", "龙山镇", "水头镇", "迳头镇", "高岗镇"),
    SchoolCounts(30, 10, 6, 3, 3, 1, 1, 0, 2, 0, 1, 1, 10, 35, 10),
    0.66,
    kg_public_share=0.47,  # to pass 普及普惠 by 2025 (001 l.94)
)
YANGSHAN = _qingyuan_county(
    "441823",
    "阳山县",
    (112.64, 24.47),
    370_000,
    0.22,
    (
        "阳城镇",
        "黎埠镇",
        "七拱镇",
        "太平镇",
        "杨梅镇",
        "青莲镇",
        "江英镇",
        "岭背镇",
        "大崀镇",
        "小江镇",
        "黄坌镇",
        "杜步镇",
        "秤架瑶族乡",
    ),
    SchoolCounts(45, 25, 10, 4, 2, 1, 1, 0, 2, 0, 1, 1, 14, 30, 8),
    0.60,
)
LIANSHAN = _qingyuan_county(
    "441825",
    "连山壮族瑶族自治县",
    (112.09, 24.57),
    90_000,
    0.20,
    ("吉田镇", "太保镇", "禾洞镇", "福堂镇", "小三江镇", "上帅镇", "永和镇"),
    SchoolCounts(12, 8, 3, 2, 0, 0, 0, 0, 1, 0, 1, 0, 6, 8, 2),
    0.62,
)
LIANNAN = _qingyuan_county(
    "441826",
    "连南瑶族自治县",
    (112.29, 24.73),
    130_000,
    0.22,
    ("三江镇", "寨岗镇", "大麦山镇", "香坪镇", "大坪镇", "涡水镇", "三排镇"),
    SchoolCounts(15, 12, 4, 2, 1, 0, 0, 0, 1, 0, 1, 1, 7, 10, 3),
    0.64,
    spread=0.6,  # the model 优质均衡 county (002 l.505)
    kg_public_share=0.52,  # to pass 普及普惠 by 2025 (001 l.94)
    staffing_boost=1.4,
)
YINGDE = _qingyuan_county(
    "441881",
    "英德市",
    (113.41, 24.19),
    940_000,
    0.24,
    (
        "英城街道",
        "大站镇",
        "望埠镇",
        "横石水镇",
        "桥头镇",
        "青塘镇",
        "白沙镇",
        "大湾镇",
        "石牯塘镇",
        "九龙镇",
        "浛洸镇",
        "大洞镇",
        "西牛镇",
        "黄花镇",
        "黎溪镇",
        "水边镇",
        "英红镇",
        "东华镇",
        "石灰铺镇",
        "下太镇",
        "波罗镇",
        "横石塘镇",
        "沙口镇",
        "连江口镇",
    ),
    SchoolCounts(110, 40, 22, 8, 8, 2, 3, 1, 5, 1, 2, 1, 30, 110, 30),
    0.63,
    spread=2.2,  # the county whose facilities differ most between schools (CV above 0.50)
)
LIANZHOU = _qingyuan_county(
    "441882",
    "连州市",
    (112.38, 24.78),
    370_000,
    0.21,
    (
        "连州镇",
        "星子镇",
        "大路边镇",
        "龙坪镇",
        "西岸镇",
        "保安镇",
        "丰阳镇",
        "东陂镇",
        "九陂镇",
        "西江镇",
        "瑶安瑶族乡",
        "三水瑶族乡",
    ),
    SchoolCounts(45, 20, 10, 4, 3, 1, 1, 0, 3, 0, 1, 1, 12, 35, 10),
    0.65,
    kg_public_share=0.46,  # to pass 普及普惠 by 2025 (001 l.94)
)

PROFILES: tuple[CountyProfile, ...] = (
    QINGCHENG,
    QINGXIN,
    FOGANG,
    YANGSHAN,
    LIANSHAN,
    LIANNAN,
    YINGDE,
    LIANZHOU,
    LIWAN,
    HUADU,
)
PROFILES_BY_CODE: dict[str, CountyProfile] = {p.code: p for p in PROFILES}
