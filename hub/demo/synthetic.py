"""Synthetic identities for the demo world: Chinese names, phone numbers, resident ID numbers.

Everything comes from one ``random.Random`` seeded by the caller, so a seed always gives the same
people. Nothing here is a real person: names are drawn from common surname and given-name
characters, phones from the 170/171 virtual-operator ranges, ID numbers are well-formed per
GB 11643 but made up. The people named in the seed report are never generated.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from hub.people.identity import id_check_digit

# Frequency-ordered common surnames with rough weights (most common first).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤"
)
_SURNAME_WEIGHTS = tuple(max(1.0, 60.0 - i) for i in range(len(_SURNAMES)))
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")

# Given-name characters by gender and by era: parents named children differently in the 1940s–60s
# than in the 1990s–2010s, and a demo that mixes them up reads wrong to a Shanghai user.
_GIVEN = {
    ("male", "old"): "国建明德华志伟文立海福永忠荣根宝兴祥林军平庆生春发金龙山",
    ("female", "old"): "秀英桂兰玉珍凤芳美丽素娟翠琴梅萍红华云霞彩月菊英芬妹",
    ("male", "young"): "浩宇子轩俊杰博文涛磊鹏辰晨昊天睿泽一鸣思远嘉豪奕凯航阳",
    ("female", "young"): "欣怡梓涵雨婷佳琪思雨诗雯静怡晓梦可馨悦彤雪琳子萱婉清瑶",
}

# The real people named in the seed report: the demo never reuses their names.
FORBIDDEN_NAMES = frozenset(
    {"张贝", "何江江", "龚杰", "赵琴宝", "方欣叶", "邱易彤", "季雯雨", "尹欣", "李阿婆"}
)

SHANGHAI_AREAS = {
    "310101": "黄浦区",
    "310104": "徐汇区",
    "310105": "长宁区",
    "310106": "静安区",
    "310107": "普陀区",
    "310110": "杨浦区",
    "310112": "闵行区",
    "310115": "浦东新区",
}
# Young tenants of a youth apartment come from all over the country.
OTHER_AREAS = (
    "320102",  # 南京
    "320505",  # 苏州
    "330106",  # 杭州
    "340104",  # 合肥
    "350203",  # 厦门
    "360102",  # 南昌
    "370202",  # 青岛
    "410105",  # 郑州
    "420106",  # 武汉
    "430104",  # 长沙
    "510107",  # 成都
    "610113",  # 西安
)

# Demo accounts use 17000000000–17000000099; generated people never do.
ACCOUNT_PHONE_BLOCK = "170000000"


@dataclass(frozen=True)
class Identity:
    name: str
    gender: str
    birth_date: dt.date
    id_number: str
    phone: str  # "" for people without a phone of their own (small children, some elderly)


class Synthesizer:
    """Hands out unique synthetic identities from one seeded random stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._phones: set[str] = set()
        self._ids: set[str] = set()
        self._volunteer_serial = 0

    # Names ----------------------------------------------------------------------------------
    def name(self, gender: str, birth_year: int) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.004:
                surname = rng.choice(_COMPOUND_SURNAMES)
            else:
                surname = rng.choices(_SURNAMES, weights=_SURNAME_WEIGHTS)[0]
            era = "old" if birth_year < 1975 else "young"
            if 1975 <= birth_year < 1985:
                era = rng.choice(("old", "young"))
            chars = _GIVEN[(gender, era)]
            given = rng.choice(chars)
            # Two-character given names dominate after the 1980s; one-character ones before.
            if rng.random() < (0.55 if era == "old" else 0.8):
                given += rng.choice(chars)
            name = surname + given
            if name not in FORBIDDEN_NAMES and len(set(given)) == len(given):
                return name

    # Phones ---------------------------------------------------------------------------------
    def phone(self) -> str:
        while True:
            phone = self.rng.choice(("170", "171")) + f"{self.rng.randrange(10**8):08d}"
            if phone.startswith(ACCOUNT_PHONE_BLOCK) or phone in self._phones:
                continue
            self._phones.add(phone)
            return phone

    def reserve_phone(self, phone: str) -> None:
        """Keep a fixed phone (a demo account's) out of the generated ones."""
        self._phones.add(phone)

    # ID numbers -----------------------------------------------------------------------------
    def id_number(self, area: str, birth_date: dt.date, gender: str) -> str:
        """A GB 11643 number: area, birth date, a sequence whose last digit is odd for men."""
        while True:
            serial = self.rng.randrange(0, 100) * 10 + self.rng.choice(
                (1, 3, 5, 7, 9) if gender == "male" else (0, 2, 4, 6, 8)
            )
            first17 = f"{area}{birth_date:%Y%m%d}{serial:03d}"
            number = first17 + id_check_digit(first17)
            if number not in self._ids:
                self._ids.add(number)
                return number

    # Dates ----------------------------------------------------------------------------------
    def birth_date(self, age_from: int, age_to: int, *, on: dt.date) -> dt.date:
        """A birth date for someone aged ``age_from``–``age_to`` (inclusive) on ``on``."""
        latest = on.replace(year=on.year - age_from)
        earliest = on.replace(year=on.year - age_to - 1) + dt.timedelta(days=1)
        return earliest + dt.timedelta(days=self.rng.randrange((latest - earliest).days + 1))

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange(max(1, (end - start).days + 1)))

    # People ---------------------------------------------------------------------------------
    def identity(
        self,
        *,
        age_from: int,
        age_to: int,
        on: dt.date,
        gender: str | None = None,
        areas: tuple[str, ...] = ("310112",),
        phone: bool = True,
    ) -> Identity:
        gender = gender or self.rng.choice(("male", "female"))
        born = self.birth_date(age_from, age_to, on=on)
        return Identity(
            name=self.name(gender, born.year),
            gender=gender,
            birth_date=born,
            id_number=self.id_number(self.rng.choice(areas), born, gender),
            phone=self.phone() if phone else "",
        )

    def volunteer_number(self) -> str:
        """An obviously made-up volunteer number (real ones come from the national system)."""
        self._volunteer_serial += 1
        return f"DEMO-{self._volunteer_serial:06d}"
