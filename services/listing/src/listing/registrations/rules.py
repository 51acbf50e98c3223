"""Who may register and be qualified — 报名与资格审查规则 (L6, L10, L11, L13, G11): pure.

The service reads the restrictions, the membership and the materials on file; these
decide what they mean, all reasons at once.
"""

from __future__ import annotations

from datetime import datetime

from common.problems import FieldProblem
from listing.listings.models import Listing
from listing.listings.schemas import OPEN_BY_WAY_PRODUCTS, OPEN_WAYS, RESTRICTED_PRODUCTS
from listing.parties.models import CollectiveMember, Restriction
from listing.registrations.models import Registration
from listing.registrations.schemas import QualificationIn


def priority_eligible(listing: Listing) -> bool:
    """L10: a collective property trade or a mortgaged-right disposal (R13)."""
    return bool(listing.collective_id) and (
        listing.seller_kind == "collective" or listing.disposal_id is not None
    )


def registration_open(listing: Listing, at: datetime) -> bool:
    """L6: buyers register only while the announcement runs."""
    return (
        listing.status == "announced"
        and listing.announcement_ends_at is not None
        and at < listing.announcement_ends_at
    )


def restriction_problems(restrictions: list[Restriction]) -> list[FieldProblem]:
    """L13/G11: the blacklist everywhere, a bar in the county whose centre made it
    (``restrictions`` are those active in the listing's county)."""
    out = []
    for r in restrictions:
        if r.source == "guarantee":
            out.append(
                FieldProblem(
                    "party_id",
                    "G11",
                    "the party is blacklisted (一处失信、处处受限) and cannot register",
                    "该主体已列入失信黑名单，不得报名",
                )
            )
        else:
            out.append(
                FieldProblem(
                    "party_id",
                    "L13",
                    f"the party is barred by the exchange centre: {r.reason}",
                    "该主体已被交易中心禁止参与交易",
                )
            )
    return out


def l11_restricted(listing: Listing) -> bool:
    """L11 as amended by L24: homestead, farmer housing and a farmer's collective equity go
    only to a member of the same collective with the homestead qualification right — except
    a lease or equity use of an idle homestead or farm house, which is open to any party
    (Z6: any lessee; the qualification stays with the household)."""
    if listing.product not in RESTRICTED_PRODUCTS:
        return False
    return not (listing.product in OPEN_BY_WAY_PRODUCTS and listing.way in OPEN_WAYS)


def l11_problems(listing: Listing, member: CollectiveMember | None) -> list[FieldProblem]:
    """L11's buyer restriction, checked when the buyer registers and again at review;
    ``member`` is the party's membership of the listing's collective, if any."""
    if not l11_restricted(listing):
        return []
    if member is None or not member.member:
        return [
            FieldProblem(
                "party_id",
                "L11",
                "the buyer must be a member of the same collective economic organization",
                "受让方须为本集体经济组织成员",
            )
        ]
    if not member.homestead_qualified:
        return [
            FieldProblem(
                "party_id",
                "L11",
                "the buyer must hold the homestead qualification right",
                "受让方须具有宅基地资格权",
            )
        ]
    return []


def _review_and_priority(
    reg: Registration,
    materials: set[str],
    member: CollectiveMember | None,
    body: QualificationIn,
) -> list[FieldProblem]:
    p: list[FieldProblem] = []
    if reg.extra_review_required and not (body.extra_review_opinion or "").strip():
        p.append(
            FieldProblem(
                "extra_review_opinion",
                "L11",
                "foreign-invested and business buyers need the extra review's opinion",
                "外资企业、工商企业须经专门审查并出具意见",
            )
        )
    if reg.priority_claimed:
        if "priority_proof" not in materials:
            p.append(
                FieldProblem(
                    "documents.priority_proof",
                    "L10",
                    "a declared priority right needs its proof",
                    "主张优先受让权须提交证明材料",
                )
            )
        if member is None or not member.member:
            p.append(
                FieldProblem(
                    "priority_claimed",
                    "L10",
                    "only members of the collective hold the priority right",
                    "仅本集体经济组织成员享有优先受让权",
                )
            )
    return p


def qualification_problems(
    listing: Listing,
    reg: Registration,
    materials: set[str],
    restrictions: list[Restriction],
    member: CollectiveMember | None,
    body: QualificationIn,
) -> list[FieldProblem]:
    """Every rule a qualification must pass (L6, L10, L11, L13), all at once, in the
    order the window reads them: identity, restrictions, standing, review, priority."""
    p: list[FieldProblem] = []
    if "identity" not in materials:
        p.append(
            FieldProblem(
                "documents.identity", "L6", "the identity document is missing", "缺少身份证明材料"
            )
        )
    p += restriction_problems(restrictions)
    p += l11_problems(listing, member)
    return p + _review_and_priority(reg, materials, member, body)
