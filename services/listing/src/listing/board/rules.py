"""What the public board shows — 公示规则 (L5, L10, L12, L14): pure.

The public sees the published steps of a listing, the published reasons, the kind of
actor (never a person), and natural persons' data masked; a legal person's name and
credit code are public.
"""

from __future__ import annotations

from datetime import datetime

from common.audit import SYSTEM, DecisionOut
from common.ids import PartyKind, party_kind
from listing.listings.models import Listing
from listing.listings.schemas import METHODS
from listing.registrations.rules import priority_eligible

#: Decisions the public sees (L5, L7, L12, L14) → their Chinese name; the review chain,
#: documents and registrations stay internal.
PUBLIC_ACTIONS = {
    "listing.published": "发布公告",
    "listing.extended": "延长公告期",
    "listing.suspended": "中止",
    "listing.resumed": "恢复",
    "listing.terminated": "终止",
    "listing.announcement_closed": "公告期满",
    "listing.result_published": "成交结果公示",
    "listing.trade_failed": "交易失败",
    "listing.contract_published": "合同公示",
}
#: Actions whose reason is published (L12; a failed trade's reason is public, L14).
REASON_PUBLIC = {
    "listing.suspended",
    "listing.resumed",
    "listing.terminated",
    "listing.trade_failed",
}
#: Actions that set the announcement's end, and the key of the new end in their data.
END_KEYS = {"listing.published": "ends_at", "listing.extended": "to"}
ROLE_ZH = {
    "exchange_staff": "县农村产权交易中心",
    "county_department": "县主管部门",
    "township_clerk": "乡镇服务窗口",
    "supervisor": "监督委员会",
    "service": "平台（自动）",
    SYSTEM: "平台（自动）",
}
PRIORITY_ZH = {
    "collective_members": "本集体经济组织成员在同等条件下享有优先受让权",
    "collective_members_disposal": "抵押物处置：本集体经济组织成员在同等条件下享有优先受让权",
}


def is_natural_person(party_id: str) -> bool:
    """Masked unless known to be a legal person (an unreadable id is masked too)."""
    try:
        return party_kind(party_id) is PartyKind.natural_person
    except ValueError:
        return True


def public_role(d: DecisionOut) -> str:
    """The actor's role, never the person: the centre's when they hold several."""
    roles = d.actor_roles or [SYSTEM]
    return next((r for r in ROLE_ZH if r in roles), roles[0])


def priority_kind(listing: Listing) -> str | None:
    if not priority_eligible(listing):
        return None
    return "collective_members_disposal" if listing.disposal_id else "collective_members"


def trading_time(listing: Listing) -> tuple[datetime | None, str]:
    """When trading starts: a tender at its opening; otherwise when the announcement ends."""
    if listing.mode == "tender":
        return listing.tender_opening_at, "招标：按公告的开标时间开标"
    return (
        listing.announcement_ends_at,
        "公告期满后开始：两家以上合格意向受让方进入"
        f"{METHODS.get(listing.mode, listing.mode)}，仅一家时协议转让",
    )
