"""The listing's pure rules — 挂牌规则 (L1–L16): numbers and decisions with no I/O.

Every function here takes what it decides on (a request body, a listing, a county
parameter's value, a moment) and returns problems or figures; the service reads the
session, the clock and the parameters and applies what these decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from common.contracts.registry_api import TitleSearchResult
from common.money import allocate, apply_rate
from common.problems import FieldProblem
from listing.listings.models import (
    CaseFlag,
    CollectiveDecision,
    EntryClearance,
    EntryContract,
    Listing,
    SiteInspection,
)
from listing.listings.schemas import (
    L15_USES,
    LAND_PRODUCTS,
    METHODS,
    OPEN_BY_WAY_PRODUCTS,
    PRODUCTS,
    REASON_CODES,
    REGISTERED_PRODUCTS,
    REQUIRED_DOCUMENTS,
    RESTRICTED_PRODUCTS,
    SELLER_KINDS,
    WAYS,
    ListingIn,
    SuspendIn,
)

#: The review stage that returns an application → the state machine's action.
RETURN_ACTIONS = {
    "township": "township_reject",
    "county": "pre_review_reject",
    "centre": "centre_return",
}
#: A listing's columns a relisting does not copy: its state, announcement, result and
#: provenance start afresh (L7).
RELIST_RESETS = frozenset(
    {
        "id",
        "status",
        "published_at",
        "announcement_ends_at",
        "announcement_days",
        "outcome",
        "qualified_count",
        "failed_reason",
        "public_notice",
        "return_reasons",
        "trade_id",
        "result_buyer_party_id",
        "result_buyer_name",
        "result_price_fen",
        "result_at",
        "contract_no",
        "contract_signed_at",
        "suspended_phase",
        "remaining_seconds",
        "disposal_id",
        "price_table",
        "created_at",
        "updated_at",
        "created_by",
    }
)


def seconds_left(listing: Listing, at: datetime) -> int | None:
    """The announcement's countdown (L5), the one figure staff and the board show: the
    seconds to the end while announced, the seconds kept while suspended in the
    announcement (L12), none once the announcement is over (bidding runs its own clock)."""
    if listing.status == "announced" and listing.announcement_ends_at is not None:
        return max(0, int((listing.announcement_ends_at - at).total_seconds()))
    if listing.status == "suspended" and listing.suspended_phase == "announcement":
        return listing.remaining_seconds
    return None


# --- intake (L1, L2, L9, L15) ----------------------------------------------------------


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def listing_problems(body: ListingIn, max_terms: dict[str, int]) -> list[FieldProblem]:
    """Every problem of a listing's data at once (一次性告知); ``max_terms`` is the
    county's statutory maximum terms (L15)."""
    p: list[FieldProblem] = []
    if body.product not in PRODUCTS:
        p.append(
            FieldProblem(
                "product",
                "L1",
                f"unknown product; one of {sorted(PRODUCTS)}",
                "交易品种不在规定范围内",
            )
        )
    if body.way not in WAYS:
        p.append(
            FieldProblem(
                "way",
                "L2",
                "way must be transfer, lease, equity or other",
                "流转方式须为转让、出租、入股或其他",
            )
        )
    if body.mode not in METHODS:
        p.append(
            FieldProblem(
                "mode",
                "L7",
                "method must be ascending, auction, tender or posted (挂牌, 入市 land only)",
                "竞价方式须为网络竞价、拍卖、招标或挂牌",
            )
        )
    elif body.mode == "posted" and body.product != "collective_construction_land":
        p.append(
            FieldProblem(
                "mode",
                "B7",
                "挂牌出让 (posted price) is a method of collective construction land",
                "挂牌出让仅适用于集体经营性建设用地入市",
            )
        )
    if body.seller_kind not in SELLER_KINDS:
        p.append(
            FieldProblem(
                "seller_kind",
                "L1",
                "seller kind must be farmer, collective, cooperative or enterprise",
                "出让方类型不正确",
            )
        )
    if body.term_start is None or body.term_end is None:
        p.append(
            FieldProblem(
                "term_end",
                "L2",
                "a listing states its term (start and end)",
                "须载明流转期限（起止日期）",
            )
        )
    elif body.term_end <= body.term_start:
        p.append(
            FieldProblem(
                "term_end", "L2", "the term must end after it starts", "流转期限终止日须晚于起始日"
            )
        )
    if body.area_mu <= 0:
        p.append(FieldProblem("area_mu", "L2", "the area must be positive", "面积须大于零"))
    if not body.location.strip():
        p.append(FieldProblem("location", "L2", "the location is required", "须载明坐落位置"))
    entrusted = bool(getattr(body, "entrustments", None))
    if body.product in REGISTERED_PRODUCTS and not body.right_certificate_no and not entrusted:
        p.append(
            FieldProblem(
                "right_certificate_no",
                "L4",
                "a registered right needs its certificate number for the title search",
                "须填写权证编号以便产权查档",
            )
        )
    if body.reserve_price <= 0:
        p.append(
            FieldProblem(
                "reserve_price", "L7", "the reserve price must be positive", "挂牌底价须大于零"
            )
        )
    if body.increment <= 0:
        p.append(
            FieldProblem("increment", "B2", "the increment must be positive", "加价幅度须大于零")
        )
    if body.deposit > body.reserve_price:
        p.append(
            FieldProblem(
                "deposit",
                "B5",
                "the deposit may not exceed the reserve price",
                "保证金不得高于挂牌底价",
            )
        )
    needs_collective = body.seller_kind == "collective" or body.product in RESTRICTED_PRODUCTS
    if needs_collective and not body.collective_id:
        p.append(
            FieldProblem(
                "collective_id",
                "L11" if body.product in RESTRICTED_PRODUCTS else "L8",
                "the collective economic organization is required",
                "须填写所属集体经济组织",
            )
        )
    if body.product == "collective_construction_land":
        p += l15_problems(body, max_terms)
    return p + l17_problems(body)


def l18_use_problems(
    intended_use: str | None, product: str, uses: dict[str, str]
) -> list[FieldProblem]:
    """L18 (004 办法 第三条(四), 不得改变农村土地用途): a land product's intended use is one
    of the county's agricultural uses; a product that is not land states none."""
    if intended_use is None:
        return []
    if product not in LAND_PRODUCTS:
        return [
            FieldProblem(
                "intended_use",
                "L18",
                "only a land product states an agricultural intended use",
                "仅土地类产权须载明农业用途",
            )
        ]
    if intended_use not in uses:
        return [
            FieldProblem(
                "intended_use",
                "L18",
                f"the land keeps an agricultural use; one of {sorted(uses)}",
                "不得改变农村土地用途，须为农业用途：" + "、".join(uses.values()),
            )
        ]
    return []


def l18_term_problems(
    listing: Listing, title: TitleSearchResult | None
) -> list[tuple[str, str, str]]:
    """L18 (不得损害农民土地承包权益): the traded term ends no later than the right's own
    term as the registry's title search gives it."""
    if (
        title is None
        or listing.product not in LAND_PRODUCTS
        or title.term_end is None
        or listing.term_end is None
        or listing.term_end <= title.term_end
    ):
        return []
    return [
        (
            "L18",
            f"the term ends {listing.term_end}, after the right's term ({title.term_end})",
            f"流转期限（至{listing.term_end}）超过权利剩余期限（至{title.term_end}）",
        )
    ]


#: L17: who may list rights entrusted by households — a collective or another organisation
TRUSTEE_KINDS = {"collective", "cooperative", "enterprise"}


def l17_problems(body: ListingIn) -> list[FieldProblem]:
    """L17 (004 意见 二(三), 三(一); 000-地 三(三)3): every entrusted right has a signed
    entrustment by its own holder; the listed area is their sum and the term ends by the
    earliest entrusted term. Every reason at once, each naming its entrustment."""
    items = body.entrustments or []
    if not items:
        return []
    p: list[FieldProblem] = []
    if body.seller_kind not in TRUSTEE_KINDS:
        p.append(
            FieldProblem(
                "seller_kind",
                "L17",
                "entrusted rights are listed by a collective or another organisation",
                "委托流转的受托方须为集体经济组织或其他组织",
            )
        )
    if body.product not in LAND_PRODUCTS:
        p.append(
            FieldProblem(
                "product",
                "L17",
                "only land rights are entrusted for listing",
                "仅土地类权利可委托流转",
            )
        )
    seen: set[str] = set()
    for i, e in enumerate(items):
        at = f"entrustments.{i}"
        if e.certificate_no in seen:
            p.append(
                FieldProblem(
                    f"{at}.certificate_no",
                    "L17",
                    f"right {e.certificate_no} is entrusted twice",
                    f"权证{e.certificate_no}重复委托",
                )
            )
        seen.add(e.certificate_no)
        if e.entrustment_sha256 is None or e.signed_by_party_id is None:
            p.append(
                FieldProblem(
                    f"{at}.entrustment_sha256",
                    "L17",
                    f"right {e.certificate_no} has no signed entrustment",
                    f"权证{e.certificate_no}缺少经签署的委托书",
                )
            )
        elif e.signed_by_party_id != e.holder_party_id:
            p.append(
                FieldProblem(
                    f"{at}.signed_by_party_id",
                    "L17",
                    f"the entrustment of {e.certificate_no} is not signed by its holder",
                    f"权证{e.certificate_no}的委托书非权利人本人签署",
                )
            )
        if body.term_end is not None and e.term_end < body.term_end:
            p.append(
                FieldProblem(
                    f"{at}.term_end",
                    "L17",
                    f"right {e.certificate_no} is entrusted only until {e.term_end}",
                    f"权证{e.certificate_no}委托期限至{e.term_end}，短于流转期限",
                )
            )
    if [e.share is None for e in items].count(True) not in (0, len(items)):
        p.append(
            FieldProblem(
                "entrustments",
                "L17",
                "stated shares are given for every entrusted right or for none",
                "约定分配比例须全部载明或全部不载明",
            )
        )
    total = sum((e.area_mu for e in items), Decimal(0))
    if total != body.area_mu:
        short = total < body.area_mu
        p.append(
            FieldProblem(
                "area_mu",
                "L17",
                f"the listed area must be the entrusted areas' sum ({total} mu)"
                + (": a shortfall" if short else ""),
                f"挂牌面积须等于委托面积之和（{total}亩）" + ("，委托面积不足" if short else ""),
            )
        )
    return p


def entrusted_title_problems(
    entrustment: dict[str, Any], title: TitleSearchResult | None, consents: list[str]
) -> list[tuple[str, str, str]]:
    """L17 with L4 for one entrusted right: it exists, is free (not disputed, seized, in an
    expropriation scope, or under a lien without consent), its holder is the one who
    entrusted it, and it covers the entrusted area and term."""
    cert = entrustment["certificate_no"]
    if title is None:
        return [("L4", f"no right {cert} in the registry", f"登记机构查无权证{cert}")]
    found: list[tuple[str, str, str]] = []
    for flag, en, zh in (
        ("disputed", "is disputed", "权属存在争议"),
        ("seized", "is seized", "已被查封"),
        ("expropriation", "is inside an expropriation scope", "位于征地范围内"),
    ):
        if title.flag_set(flag):
            found.append(("L4", f"right {cert} {en}", f"权证{cert}{zh}"))
    for lien in title.liens:
        if lien.lien_id not in consents:
            found.append(
                (
                    "L4",
                    f"right {cert}: lien {lien.lien_id} without the lienholder's consent",
                    f"权证{cert}的抵押权{lien.lien_id}未经抵押权人同意",
                )
            )
    if entrustment["holder_party_id"] not in {h.party_id for h in title.holders}:
        found.append(
            (
                "L17",
                f"right {cert}: the entrusting party is not its holder",
                f"权证{cert}的委托人不是权利人",
            )
        )
    if title.area_mu is not None and Decimal(entrustment["area_mu"]) > Decimal(title.area_mu):
        found.append(
            (
                "L17",
                f"right {cert}: more area entrusted than the right has ({title.area_mu} mu)",
                f"权证{cert}委托面积超过权证面积（{title.area_mu}亩）",
            )
        )
    if title.term_end is not None and date.fromisoformat(entrustment["term_end"]) > title.term_end:
        found.append(
            (
                "L17",
                f"right {cert}: entrusted beyond the right's term ({title.term_end})",
                f"权证{cert}委托期限超过权利期限（至{title.term_end}）",
            )
        )
    return found


def household_without_entrustment(
    listing: Listing, title: TitleSearchResult | None
) -> list[tuple[str, str, str]]:
    """L17 (不得强迫或妨碍其自主交易): a collective lists a household's right only with the
    household's entrustment."""
    if title is None or listing.seller_kind != "collective" or listing.entrustments:
        return []
    if listing.seller_party_id in {h.party_id for h in title.holders}:
        return []
    return [
        (
            "L17",
            "a collective lists a household's right only with the household's entrustment",
            "集体经济组织流转农户承包地须经农户书面委托",
        )
    ]


@dataclass(frozen=True)
class Proceeds:
    """An entrusted listing's price and each household's part of it, in fen (L17)."""

    basis: str  # result_price | reserve_price
    total_fen: int
    by: str  # area | stated_shares
    parts: list[int]


def proceeds_of(listing: Listing) -> Proceeds:
    """L17: the result's price once there is one, else the reserve, split among holders."""
    result = listing.result_price_fen
    total = listing.reserve_price_fen if result is None else result
    by, parts = proceeds_split(listing.entrustments or [], total)
    return Proceeds("reserve_price" if result is None else "result_price", total, by, parts)


def proceeds_split(entrustments: list[dict[str, Any]], total_fen: int) -> tuple[str, list[int]]:
    """L17: the price to each holder by stated shares, else by area — largest remainder
    (``common.money.allocate``), so the parts add up to the price exactly to the fen."""
    if all(e.get("share") is not None for e in entrustments):
        return "stated_shares", allocate(total_fen, [Decimal(e["share"]) for e in entrustments])
    return "area", allocate(total_fen, [Decimal(e["area_mu"]) for e in entrustments])


def l24_problems(body: Any, max_years: int) -> list[FieldProblem]:
    """L24, Z6: a lease of a homestead or farm house (宅基地/农房出租) runs at most
    ``max_years`` (the county's, 20 by 民法典 705); a transfer stays under L11."""
    if body.product not in OPEN_BY_WAY_PRODUCTS or body.way != "lease":
        return []
    if body.term_start is None or body.term_end is None:
        return []
    if body.term_end >= years_later(body.term_start, max_years):
        return [
            FieldProblem(
                "term_end",
                "L24",
                f"a homestead or farm house lease runs at most {max_years} years",
                f"宅基地或农房出租期限不得超过{max_years}年",
            )
        ]
    return []


def l15_problems(body: Any, max_terms: dict[str, int]) -> list[FieldProblem]:
    """L15 (003): two preconditions, none of the three negatives, use, way, term.
    ``body`` is a listing or its request body (the same fields)."""
    p: list[FieldProblem] = []
    if not body.spatial_plan_done:
        p.append(
            FieldProblem(
                "spatial_plan_done", "L15", "the spatial plan must be done", "须已编制国土空间规划"
            )
        )
    if not body.ownership_registered:
        p.append(
            FieldProblem(
                "ownership_registered",
                "L15",
                "collective ownership and the use right must be registered",
                "须已办理集体土地所有权和使用权登记",
            )
        )
    if body.converted_farmland:
        p.append(
            FieldProblem(
                "converted_farmland",
                "L15",
                "farmland converted to new construction land may not enter the market",
                "新增建设用地占用的耕地不得入市",
            )
        )
    if body.is_homestead:
        p.append(
            FieldProblem(
                "is_homestead", "L15", "homestead land may not enter the market", "宅基地不得入市"
            )
        )
    if body.for_commercial_housing or body.land_use == "commercial_housing":
        p.append(
            FieldProblem(
                "land_use", "L15", "never for commercial housing", "入市土地严禁用于商品住宅开发"
            )
        )
    elif body.land_use not in L15_USES:
        p.append(
            FieldProblem(
                "land_use",
                "L15",
                "use must be industrial, commercial or affordable_rental_housing",
                "用途须为工业、商业或保障性租赁住房",
            )
        )
    if not (body.planning_conditions or "").strip():
        p.append(
            FieldProblem(
                "planning_conditions", "L15", "planning conditions must be attached", "须附规划条件"
            )
        )
    if body.way not in {"transfer", "lease", "equity"}:
        p.append(
            FieldProblem(
                "way",
                "L15",
                "ways: sale (transfer), lease or equity contribution",
                "入市方式为出让、出租或作价入股",
            )
        )
    if body.land_use in L15_USES and body.term_start and body.term_end:
        limit = max_terms.get(L15_USES[body.land_use])
        if limit is not None and body.term_end > years_later(body.term_start, limit):
            p.append(
                FieldProblem(
                    "term_end",
                    "L15",
                    f"the term exceeds the statutory maximum of {limit} years",
                    f"使用年限超过法定最高年限{limit}年",
                )
            )
    return p


#: E6 → L2: how each way of the 入市 plan is listed (先租后让 and 租让结合 begin as a lease,
#: 弹性年期 is a transfer for a shorter term, 联营 contributes the land like 入股)
ENTRY_WAYS = {
    "transfer": "transfer",
    "flexible_term": "transfer",
    "lease": "lease",
    "lease_then_transfer": "lease",
    "lease_and_transfer": "lease",
    "equity": "equity",
    "joint_venture": "equity",
}


#: B7: the listing's method (L7) for each trading method of the plan (招标, 拍卖 — online
#: ascending bidding is an auction held on the platform —, 挂牌); 协议 is whatever one
#: buyer makes of it (B1)
ENTRY_METHODS = {"tender": ("tender",), "auction": ("ascending", "auction"), "posted": ("posted",)}


def agreement_problems(plan: EntryClearance, uses: list[str]) -> list[FieldProblem]:
    """B7: a county may limit 协议出让 to some uses."""
    if plan.trading_method != "agreement" or plan.land_use in uses:
        return []
    return [
        FieldProblem(
            "entry_plan_id",
            "B7",
            f"the county does not allow 协议出让 for {plan.land_use} land",
            "本县该用途不得协议出让",
        )
    ]


def entry_plan_problems(
    listing: Listing, plan: EntryClearance | None, *, required: bool
) -> list[FieldProblem]:
    """E3, E4: an 入市 listing carries out a cleared plan (passed by two thirds, in the
    year's supply plan, every joint-review opinion passed) and departs from none of its
    terms — way, use, area, term, reserve — every departure named at once."""
    if plan is None:
        if listing.entry_plan_id is None and not required:
            return []
        return [
            FieldProblem(
                "entry_plan_id",
                "E4",
                "no cleared 入市 plan (approved by two thirds, in the supply plan, every "
                "joint-review opinion passed)",
                "无获准的入市方案（三分之二以上同意、纳入年度供应计划、部门联审通过）",
            )
        ]
    p: list[FieldProblem] = []

    def departs(field: str, what: str, planned: object, listed: object) -> None:
        p.append(
            FieldProblem(
                field,
                "E3",
                f"the {what} departs from the 入市 plan (plan: {planned}, listing: {listed})",
                "挂牌条件与入市方案不一致",
            )
        )

    if listing.collective_id != plan.collective_id:
        departs("collective_id", "seller collective", plan.collective_id, listing.collective_id)
    if listing.way != ENTRY_WAYS.get(plan.way):
        departs("way", "way", plan.way, listing.way)
    if listing.land_use != plan.land_use:
        departs("land_use", "use", plan.land_use, listing.land_use)
    methods = ENTRY_METHODS.get(plan.trading_method)
    if methods is not None and listing.mode not in methods:
        departs("mode", "trading method", plan.trading_method, listing.mode)
    if listing.area_m2 is None or Decimal(listing.area_m2) != Decimal(plan.area_m2):
        departs("area_m2", "area", plan.area_m2, listing.area_m2)
    if (
        listing.term_start is None
        or listing.term_end is None
        or listing.term_end != years_later(listing.term_start, plan.term_years)
    ):
        departs("term_end", "term", f"{plan.term_years} years", listing.term_end)
    if listing.reserve_price_fen < plan.reserve_price_fen:
        departs(
            "reserve_price",
            "reserve",
            plan.reserve_price_fen / 100,
            listing.reserve_price_fen / 100,
        )
    if listing.right_certificate_no not in (None, plan.certificate_no):
        departs("right_certificate_no", "right", plan.certificate_no, listing.right_certificate_no)
    return p


def entry_resale_problems(listing: Listing, contract: EntryContract | None) -> list[FieldProblem]:
    """E15: a re-listing of entered land (二级市场) re-transfers a signed 入市 contract's
    right on the contract's terms — the contract's user as seller, the same use, the
    remaining term to the contract's end (never a fresh full term), a contract that
    allows transfer — and never rental-housing land (E8: ``no_sale``)."""
    if contract is None:
        return [
            FieldProblem(
                "entry_deal_id",
                "E15",
                "no signed 入市 contract to re-transfer",
                "无已签订的入市合同，不能再转让",
            )
        ]
    p: list[FieldProblem] = []
    if contract.no_sale:
        p.append(
            FieldProblem(
                "entry_deal_id",
                "E8",
                "rental-housing land is never sold (no_sale)",
                "保障性租赁住房用地不得出售",
            )
        )
    if not contract.transfer_allowed:
        p.append(
            FieldProblem(
                "entry_deal_id",
                "E15",
                "the 入市 contract does not allow a transfer",
                "入市合同约定不得转让",
            )
        )
    if listing.seller_party_id != contract.buyer_credit_code:
        p.append(
            FieldProblem(
                "seller_party_id",
                "E15",
                "only the contract's user re-lists the land",
                "再转让须由入市合同的受让人申请",
            )
        )
    if listing.land_use != contract.land_use:
        p.append(
            FieldProblem(
                "land_use",
                "E15",
                f"the use must stay the contract's ({contract.land_use}), not {listing.land_use}",
                "再转让不得改变合同约定的用途",
            )
        )
    if listing.right_certificate_no not in (None, contract.certificate_no):
        p.append(
            FieldProblem(
                "right_certificate_no",
                "E15",
                f"the right is the contract's ({contract.certificate_no})",
                "再转让的权利须为入市合同的土地使用权",
            )
        )
    start, end = listing.term_start, listing.term_end
    if start is None or end is None or start < contract.term_start or end != contract.term_end:
        p.append(
            FieldProblem(
                "term_end",
                "E15",
                f"only the remaining term may be re-transferred: it ends on "
                f"{contract.term_end.isoformat()}, not {end}",
                "再转让年限为合同剩余年期",
            )
        )
    return p


def mandatory_in_exchange(listing: Listing, threshold_fen: int) -> bool:
    """L9: a collective non-land asset above the threshold must trade in the exchange."""
    return (
        listing.seller_kind == "collective"
        and listing.product == "collective_assets"
        and (listing.asset_value_fen or 0) > threshold_fen
    )


def off_exchange_violation(asset_kind: str, value_fen: int, threshold_fen: int) -> bool:
    """L9: "above 500,000" is strictly above; only non-land assets must trade inside."""
    return asset_kind == "non_land" and value_fen > threshold_fen


# --- the review chain (L3, L4, L8) ----------------------------------------------------


def missing_materials(have: set[str]) -> list[FieldProblem]:
    """L3: every required material of the application, named when missing."""
    return [
        FieldProblem(
            f"documents.{t}",
            "L3",
            f"required material missing: {t}",
            f"缺少申请材料：{REQUIRED_DOCUMENTS[t]}",
        )
        for t in REQUIRED_DOCUMENTS
        if t not in have
    ]


def return_reasons(stage: str, reasons: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """The reasons a review stage returns an application with: (rule, English, Chinese)."""
    return [{"stage": stage, "rule": r, "message": en, "message_zh": zh} for r, en, zh in reasons]


def title_problems(
    listing: Listing, title: TitleSearchResult | None, lienholder_consents: list[str]
) -> list[tuple[str, str, str]]:
    """L4: what the registry's title search refuses — no such right, a disputed, seized
    or expropriation-scope right, a lien without its holder's consent (a disposal's own
    lien excepted), a seller who is not a holder."""
    if title is None:
        return [
            (
                "L4",
                f"no right {listing.right_certificate_no} in the registry",
                "登记机构查无此权证",
            )
        ]
    found: list[tuple[str, str, str]] = []
    if title.flag_set("disputed"):
        found.append(("L4", "the right's ownership is disputed", "权属存在争议"))
    if title.flag_set("seized"):
        found.append(("L4", "the right is seized or detained", "权利已被查封、扣押"))
    if title.flag_set("expropriation"):
        found.append(
            (
                "L4",
                "the right is inside an announced expropriation scope",
                "位于已公告的征地拆迁范围内",
            )
        )
    for lien in title.liens:
        if lien.lien_id not in lienholder_consents and lien.lien_id != listing.lien_id:
            found.append(
                (
                    "L4",
                    f"lien {lien.lien_id} without the lienholder's consent",
                    f"抵押权{lien.lien_id}未经抵押权人同意",
                )
            )
    holders = {h.party_id for h in title.holders}
    if listing.seller_party_id not in holders:
        found.append(("L4", "the seller is not a holder of the right", "出让方不是该权利的权利人"))
    return found


def site_inspection_required(product: str, products: list[str]) -> bool:
    """L21: whether a product is inspected on site before the township's initial review
    (the county's list ``products``, parameter site_inspection_products)."""
    return product in products


def l21_problems(
    listing: Listing, inspection: SiteInspection | None, products: list[str]
) -> list[FieldProblem]:
    """L21 (004 意见 二(二) 现场勘察): the township approves a land product or collective
    asset (the county's list) only after a site inspection with photos whose boundary
    check matches."""
    if not site_inspection_required(listing.product, products):
        return []
    if inspection is None:
        return [
            FieldProblem(
                "site_inspection",
                "L21",
                "the township approves only after a site inspection is recorded",
                "乡镇初审前须完成现场勘察并记录",
            )
        ]
    if not inspection.boundary_matches:
        return [
            FieldProblem(
                "site_inspection.boundary_matches",
                "L21",
                "the boundary on the ground does not match the application",
                "现场勘察四至与申请不符",
            )
        ]
    return []


def two_thirds(votes_for: int, votes_total: int) -> bool:
    """At least two thirds — 三分之二以上, exact in integers."""
    return 3 * votes_for >= 2 * votes_total


def l8_problems(listing: Listing, decision: CollectiveDecision | None) -> list[FieldProblem]:
    """L8: a collective asset needs a passed democratic decision (the latest one) that
    set this reserve, and the township's approval."""
    if listing.seller_kind != "collective":
        return []
    if decision is None:
        return [
            FieldProblem(
                "collective_decision",
                "L8",
                "a collective asset needs a recorded democratic decision",
                "集体资产须经民主决策并记录",
            )
        ]
    p: list[FieldProblem] = []
    if decision.body == "village_representatives":
        passed = two_thirds(decision.votes_for, decision.votes_total)
    else:  # the (representative) meeting passes by a majority of those present
        passed = 2 * decision.votes_for > decision.votes_total
    if not passed:
        p.append(
            FieldProblem(
                "collective_decision.votes_for",
                "L8",
                "the decision did not pass (village representatives need ≥ 2/3)",
                "民主决策未通过（村民代表须三分之二以上同意）",
            )
        )
    if decision.reserve_price_fen != listing.reserve_price_fen:
        p.append(
            FieldProblem(
                "reserve_price",
                "L8",
                "the reserve price differs from the one the decision set",
                "挂牌底价与民主决策确定的底价不一致",
            )
        )
    appraisal = (
        decision.appraisal_fen if decision.appraisal_fen is not None else listing.appraisal_fen
    )
    if (
        appraisal is not None
        and listing.reserve_price_fen < appraisal
        and not two_thirds(decision.votes_for, decision.votes_total)
    ):
        p.append(
            FieldProblem(
                "reserve_price",
                "L8",
                "a reserve price below the appraisal needs at least 2/3 approval",
                "底价低于评估价须经三分之二以上同意",
            )
        )
    if not decision.township_approval_ref.strip():
        p.append(
            FieldProblem(
                "township_approval_ref",
                "L8",
                "township approval is required",
                "须经乡镇人民政府批准",
            )
        )
    return p


# --- the announcement (L5, L7, L12) ----------------------------------------------------


def moved_tender_opening(listing: Listing, old_end: datetime, new_end: datetime) -> datetime | None:
    """B4/L7: a tender never opens before the announcement ends. When the end moves past
    the opening (an extension, a resume after suspension), the opening moves by as much
    as the end did, keeping the interval the tenderers were given; ``None`` if it stays."""
    opening = listing.tender_opening_at
    if listing.mode != "tender" or opening is None or opening >= new_end:
        return None
    return opening + (new_end - old_end)


def l12_problems(body: SuspendIn) -> list[FieldProblem]:
    p: list[FieldProblem] = []
    if body.reason_code not in REASON_CODES:
        p.append(
            FieldProblem(
                "reason_code",
                "L12",
                f"reason code must be one of {sorted(REASON_CODES)}",
                "中止/终止原因代码不正确",
            )
        )
    if (
        body.reason_code in {"seller_request", "third_party_request"}
        and not body.department_approval_ref
    ):
        p.append(
            FieldProblem(
                "department_approval_ref",
                "L12",
                "a seller's or third party's request needs the department's approval",
                "出让方或利害关系人申请须经主管部门批准",
            )
        )
    if body.reason_code == "centre_necessary" and not body.supervisor_consent_ref:
        p.append(
            FieldProblem(
                "supervisor_consent_ref",
                "L12",
                "the centre's own decision needs the supervisor's consent",
                "交易中心认为必要的须经监督委员会同意",
            )
        )
    return p


def closing_outcome(listing: Listing, qualified: int) -> tuple[str, str | None, str, str]:
    """L7 when the announcement ends: no qualified buyer fails (流标), one negotiates,
    two or more compete in the listing's mode → (outcome, mode, to, action)."""
    if qualified == 0:
        return "failed", None, "failed", "close_no_buyer"
    if qualified == 1:
        return "negotiated", "negotiated", "trading", "close_with_buyers"
    return "competitive", listing.mode, "trading", "close_with_buyers"


# --- disposal listings (R13) ------------------------------------------------------------


def deposit_default(reserve_fen: int) -> int:
    """Disposal listings: 10% of the reserve as deposit (the rules are silent)."""
    return apply_rate(reserve_fen, Decimal("0.1"))


def increment_default(reserve_fen: int) -> int:
    """Disposal listings: 1% of the reserve as increment, at least 1 元."""
    return max(apply_rate(reserve_fen, Decimal("0.01")), 100)


def case_problems(cases: list[CaseFlag]) -> list[FieldProblem]:
    """X6, Z12: a right with an open ownership dispute or violation case is not listed;
    one reason per case."""
    return [
        FieldProblem(
            "right_certificate_no",
            "X6",
            f"the right is disputed (collective case {c.case_id}, {c.stage})",
            f"权属有争议（纠纷案件{c.case_id}），不予挂牌",
        )
        if c.kind == "dispute"
        else FieldProblem(
            "right_certificate_no",
            "Z12",
            f"the homestead has an open violation case ({c.case_id})",
            f"该宅基地有未结的违法用地案件（{c.case_id}），不予挂牌",
        )
        for c in cases
    ]
