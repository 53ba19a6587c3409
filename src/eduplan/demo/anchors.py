"""Schools the seed plans name, placed in the demo with the events the plans describe (openings of
the projects of 清城 附件2/4 and 荔湾 重大建设项目汇总表, the 银盏林场学校 renaming, expansions), plus the
closed and moved schools the tests rely on. Their codes are fixed: 1 + county code + 3-digit number."""

from __future__ import annotations

from dataclasses import dataclass

from eduplan import contract as c


@dataclass(frozen=True)
class Anchor:
    seq: int
    name: str
    school_type: str
    town: str
    sponsor: str = c.SPONSOR_PUBLIC
    inclusive: bool | None = None
    founded: int = 1960
    closed: int | None = None
    parent_seq: int | None = None
    renamed: tuple[int, str] | None = None  # (school year, new name)
    moved: tuple[int, str] | None = None  # (school year, town it moves to; may be its own town)
    boost: tuple[int, float] | None = None  # (school year, facilities multiplier) after an expansion
    crowded: bool | None = None
    seats: tuple[int, ...] = ()  # places per stage the plan builds (new schools): sizes them


@dataclass(frozen=True)
class MovedSchool:
    code: str
    year: int  # first school year in the new town
    from_town: str
    to_town: str


def anchor_code(county_code: str, seq: int) -> str:
    return f"1{county_code}{seq:03d}"


# 石角镇田心小学沙坑教学点 (000 l.86) closes in 2022: present in the 2021 registry, absent in 2022.
DEMO_CLOSED_2022 = anchor_code("441802", 2)
# A private school moves from 凤城街道 to 洲心街道 for school year 2021.
DEMO_MOVED = MovedSchool(anchor_code("441802", 29), 2021, "441802001", "441802003")
# 银盏林场学校 is rebuilt and renamed 银盏林场长隆学校 (000 附件2 改扩建 5, finished 2022).
DEMO_RENAMED = (anchor_code("441802", 8), 2022, "清远市银盏林场长隆学校")

_Q = c.SPONSOR_PUBLIC
ANCHORS: dict[str, tuple[Anchor, ...]] = {
    "441802": (
        Anchor(1, "清城区石角镇田心小学", c.PRIMARY, "石角镇", founded=1956),
        Anchor(
            2, "清城区石角镇田心小学沙坑教学点", c.TEACHING_POINT, "石角镇", founded=1962, closed=2022, parent_seq=1
        ),
        Anchor(3, "清城区石角镇第一初级中学", c.JUNIOR, "石角镇", founded=1958),
        Anchor(4, "清城区松岗中学", c.JUNIOR, "东城街道", founded=1978, boost=(2021, 1.45)),
        Anchor(5, "清城区新北江小学", c.PRIMARY, "凤城街道", founded=1985, boost=(2021, 1.35), crowded=True),
        Anchor(6, "清城区清城中学", c.JUNIOR, "凤城街道", founded=1952, boost=(2022, 1.3), crowded=True),
        Anchor(7, "清城区沙田小学", c.PRIMARY, "洲心街道", founded=1990, crowded=True),
        Anchor(
            8,
            "清远市银盏林场学校",
            c.NINE_YEAR,
            "龙塘镇",
            founded=1965,
            renamed=(2022, DEMO_RENAMED[2]),
            boost=(2022, 1.6),
        ),
        Anchor(9, "清城区龙塘镇第一初级中学", c.JUNIOR, "龙塘镇", founded=1968, boost=(2023, 1.3)),
        Anchor(10, "清城区东城街新桥学校", c.NINE_YEAR, "东城街道", founded=1970),
        Anchor(11, "清城区横荷街中心小学", c.PRIMARY, "横荷街道", founded=1958),
        Anchor(12, "清城区洲心街中心小学", c.PRIMARY, "洲心街道", founded=1958, crowded=True),
        Anchor(13, "清城区源潭镇金星小学", c.PRIMARY, "源潭镇", founded=1975),
        Anchor(14, "清城区锦兴小学", c.PRIMARY, "凤城街道", founded=2005, crowded=True),
        Anchor(15, "清城区东城街莲塘小学", c.PRIMARY, "东城街道", founded=1980, crowded=True),
        Anchor(16, "清城区横荷街百加小学", c.PRIMARY, "横荷街道", founded=1972, moved=(2021, "横荷街道")),
        Anchor(17, "清城区清飞小学", c.PRIMARY, "东城街道", founded=2021, seats=(2160,)),
        Anchor(18, "清城区新城小学", c.PRIMARY, "洲心街道", founded=2021, seats=(1620,)),
        Anchor(19, "清城区富强中路小学", c.PRIMARY, "横荷街道", founded=2023, seats=(2160,)),
        Anchor(20, "清城区石龙学校", c.NINE_YEAR, "石角镇", founded=2023, seats=(2160, 1200)),
        Anchor(21, "清城区智慧初级中学", c.JUNIOR, "横荷街道", founded=2023, seats=(900,)),
        Anchor(22, "清城区五洲世纪城小学", c.PRIMARY, "洲心街道", founded=2022, seats=(1620,)),
        Anchor(23, "清城区佳兆业学校", c.NINE_YEAR, "东城街道", founded=2022, seats=(1620, 900)),
        Anchor(24, "清城区美林湖学校", c.NINE_YEAR, "石角镇", founded=2022, seats=(1620, 900)),
        Anchor(25, "清城区山湖城第二学校", c.NINE_YEAR, "龙塘镇", founded=2022, seats=(1080, 600)),
        Anchor(26, "清城区燕湖郡小学", c.PRIMARY, "洲心街道", founded=2023, seats=(1080,)),
        Anchor(27, "清城区信业郡城小学", c.PRIMARY, "龙塘镇", founded=2023, seats=(810,)),
        Anchor(28, "清城区金保利小学", c.PRIMARY, "石角镇", founded=2023, seats=(1350,)),
        Anchor(
            29, "清城区博文实验学校", c.PRIMARY, "凤城街道", c.SPONSOR_PRIVATE, founded=2008, moved=(2021, "洲心街道")
        ),
        Anchor(30, "清城区特殊教育学校", c.SPECIAL, "东城街道", founded=2012),
        Anchor(31, "清城区第一幼儿园", c.KINDERGARTEN, "凤城街道", inclusive=True, founded=1953),
        Anchor(32, "清城区飞来峡镇江口幼儿园", c.KINDERGARTEN, "飞来峡镇", inclusive=True, boost=(2023, 1.5)),
        Anchor(33, "清城区第四幼儿园", c.KINDERGARTEN, "洲心街道", inclusive=True, founded=2021, seats=(540,)),
        Anchor(34, "清城区第五幼儿园", c.KINDERGARTEN, "东城街道", inclusive=True, founded=2022, seats=(360,)),
        Anchor(35, "清城区飞来峡镇黄洞幼儿园", c.KINDERGARTEN, "飞来峡镇", inclusive=True, founded=2022, seats=(270,)),
    ),
    "440103": (
        Anchor(1, "荔湾区沙面小学", c.PRIMARY, "沙面街道", founded=1950),
        Anchor(2, "荔湾区沙面小学大坦沙校区", c.PRIMARY, "桥中街道", founded=2021, parent_seq=1, seats=(1620,)),
        Anchor(3, "广东实验中学荔湾学校", c.NINE_YEAR, "白鹤洞街道", founded=2016, crowded=True),
        Anchor(
            4,
            "广东实验中学荔湾学校广钢校区第二小学部",
            c.PRIMARY,
            "白鹤洞街道",
            founded=2021,
            parent_seq=3,
            seats=(2160,),
        ),
        Anchor(5, "荔湾区西湾路小学", c.PRIMARY, "西村街道", founded=2022, seats=(1350,)),
        Anchor(6, "荔湾区广钢新城第三小学", c.PRIMARY, "石围塘街道", founded=2023, seats=(1620,)),
        Anchor(7, "荔湾区广钢新城第四小学", c.PRIMARY, "白鹤洞街道", founded=2023, seats=(1620,)),
        Anchor(8, "荔湾区广船小学", c.PRIMARY, "白鹤洞街道", founded=2023, seats=(1620,)),
        Anchor(9, "荔湾区大坦沙中学", c.JUNIOR, "桥中街道", founded=2023, seats=(1500,)),
        Anchor(10, "荔湾区西关广雅实验学校", c.NINE_YEAR, "西村街道", founded=2018),
        Anchor(11, "荔湾区东漖幼儿园", c.KINDERGARTEN, "东漖街道", inclusive=True, founded=2022, seats=(450,)),
        Anchor(12, "荔湾区广信玉兰苑幼儿园", c.KINDERGARTEN, "花地街道", inclusive=True, founded=2023, seats=(450,)),
    ),
    "440114": (
        Anchor(1, "华南师范大学附属花都学校", c.NINE_YEAR, "新雅街道", founded=2017),
        Anchor(2, "花都区七星小学", c.PRIMARY, "花东镇", founded=1962),
        Anchor(3, "花都区新华街第一小学", c.PRIMARY, "新华街道", founded=1950, crowded=True),
        Anchor(4, "花都区圆玄中学", c.JUNIOR, "新华街道", founded=1994),
    ),
}
