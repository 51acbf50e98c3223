"""Development sign-in — 演示身份: the demo county's people, one click each.

Only in ``REX_ENV=development``: a persona's token is minted with the committed dev key
the way ``rex token`` does (common.auth.mint_token), for the demo county 青阳县 (620821)
of ``rex demo``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from common.auth import mint_token
from common.ids import generate_resident_id

COUNTY = "620821"
TOWNSHIP = "620821101"
TOWNSHIP_B = "620821102"  # a second township: its clerk sees nothing of the first
BANK = "BANK-QY-ABC"  # the demo's bank (testkit.demo)
GUARANTOR = "AHNDB-QY"
#: The homestead pilot township and its collective (testkit.demo's pilot township).
PILOT_TOWNSHIP = "620821104"
PILOT_COLLECTIVE = "C-620821104-PILOT"


@dataclass(frozen=True, slots=True)
class Persona:
    key: str
    label: str  # what the picker shows
    name: str
    role: str
    org_type: str
    org_id: str
    county: str = COUNTY

    def token(self, ttl_s: int) -> str:
        return mint_token(
            subject=f"{self.role}-{self.org_id}",
            name=self.name,
            roles=[self.role],
            org_type=self.org_type,
            org_id=self.org_id,
            county=self.county,
            ttl_s=ttl_s,
        )


def _resident(birth: date, seq: int) -> str:
    return generate_resident_id(COUNTY, birth=birth, seq=seq)


PERSONAS: dict[str, Persona] = {
    p.key: p
    for p in (
        Persona(
            "buyer-a",
            "买受人 · 李建国",
            "李建国",
            "buyer",
            "person",
            _resident(date(1982, 3, 12), 131),
        ),
        Persona(
            "buyer-b",
            "买受人 · 张秀英",
            "张秀英",
            "buyer",
            "person",
            _resident(date(1990, 7, 8), 242),
        ),
        Persona("clerk", "乡镇窗口 · 木镇镇", "王芳", "township_clerk", "township", TOWNSHIP),
        Persona("clerk-b", "乡镇窗口 · 王湾镇", "刘洋", "township_clerk", "township", TOWNSHIP_B),
        Persona(
            "department", "县农业农村局 · 前置审核", "陈明", "county_department", "county", COUNTY
        ),
        Persona("staff", "县农村产权交易中心", "赵海燕", "exchange_staff", "county", COUNTY),
        Persona("bank", "贷款银行 · 农业银行青阳支行", "农业银行青阳支行", "lender", "bank", BANK),
        Persona(
            "guarantor", "省农担公司", "省农业信贷融资担保公司", "guarantor", "guarantor", GUARANTOR
        ),
        Persona("supervisor", "监督委员会", "监督委员会", "supervisor", "county", COUNTY),
        Persona("finance", "县财政局 · 劝耕贷资金", "县财政局", "county_finance", "county", COUNTY),
        Persona(
            "authority",
            "不动产登记机构 · 抵押登记",
            "县不动产登记中心",
            "registration_authority",
            "county",
            COUNTY,
        ),
        Persona(
            "village-officer",
            "村级宅基地管理员 · 新集村",
            "孟庆华",
            "village_homestead_officer",
            "collective",
            PILOT_COLLECTIVE,
        ),
        Persona(
            "bureau",
            "县自然资源局 · 入市",
            "青阳县自然资源局",
            "natural_resources_bureau",
            "county",
            COUNTY,
        ),
        Persona(
            "township-homestead",
            "乡镇宅基地管理办公室 · 新集镇",
            "新集镇宅基地管理办公室",
            "township_homestead_office",
            "township",
            PILOT_TOWNSHIP,
        ),
    )
}
