"""The review chain — 审核链 (L3, L4, L8, L15): the window submits, the township reviews,
the county department pre-reviews at the registry, the centre registers or returns.

A returned application carries every reason of its stage at once (一次性告知).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.money import to_fen
from common.problems import FieldProblem, Refusal, invalid, invalid_field
from common.runtime import ServiceRuntime
from listing.access import require_listing_county, require_readable, require_township
from listing.listings import rules
from listing.listings.models import (
    CollectiveDecision,
    EntryClearance,
    EntryContract,
    Listing,
    SiteInspection,
)
from listing.listings.repository import (
    documents_of,
    latest_collective_decision,
    site_inspections_of,
)
from listing.listings.schemas import (
    CollectiveDecisionIn,
    PreReviewIn,
    ReviewIn,
    SiteInspectionIn,
)
from listing.listings.states import EDITABLE_STATES, LISTING, require_status
from listing.listings.title_search import title_search
from listing.params import PARAMS
from listing.parties.service import appraiser_problems

_materials_missing = Refusal(
    "materials-missing",
    "Required application materials are missing",
    "申请材料不齐全",
    status=422,
    rule="L3",
)
_inspection_missing = Refusal(
    "site-inspection-missing",
    "The site inspection is missing or failed",
    "未完成现场勘察或勘察不符",
    status=422,
    rule="L21",
)
_cannot_register = Refusal(
    "cannot-register", "The application cannot be registered", "该申请不能受理登记", status=422
)


async def submit(session: AsyncSession, who: Principal, listing: Listing) -> Listing:
    """The window submits the application: every L3 material must be there."""
    require_township(who, listing)
    require_status(listing.status, *EDITABLE_STATES, rule="L4")
    have = {d.doc_type for d in await documents_of(session, "listing", listing.id)}
    missing = rules.missing_materials(have)
    if missing:
        raise _materials_missing(missing)
    LISTING.move(listing, "submitted", "submit")
    listing.return_reasons = []
    listing.updated_at = now(session)
    await record_on(session, listing, action="listing.submitted", by=who, rule="L3")
    return listing


async def return_application(
    session: AsyncSession, who: Principal, listing: Listing, stage: str, reasons: list[dict]
) -> None:
    """A review stage returns the application to the window with its reasons (L4)."""
    LISTING.move(listing, "returned", rules.RETURN_ACTIONS[stage])
    listing.return_reasons = reasons
    listing.updated_at = now(session)
    await record_on(
        session,
        listing,
        action=f"listing.{stage}_returned",
        by=who,
        rule="L4",
        reason="; ".join(r["message"] for r in reasons),
        data={"reasons": reasons},
    )


def _own_words(stage: str, reasons: list[str]) -> list[dict[str, Any]]:
    """A reviewer's reasons, in the reviewer's words (the same text in both languages)."""
    return rules.return_reasons(stage, [("L4", r, r) for r in reasons])


async def township_review(
    session: AsyncSession, who: Principal, listing: Listing, body: ReviewIn
) -> Listing:
    """Township initial review (初审) with an opinion (L4)."""
    require_township(who, listing)
    require_status(listing.status, "submitted", rule="L4")
    if body.approve:  # L21: a land product or collective asset is inspected on site first
        products = await PARAMS.get(session, listing.county, "site_inspection_products")
        inspections = await site_inspections_of(session, listing.id)
        problems = rules.l21_problems(listing, inspections[-1] if inspections else None, products)
        if problems:
            raise _inspection_missing(problems)
    listing.township_opinion = body.opinion
    if not body.approve:
        reasons = body.reasons or [body.opinion]
        await return_application(session, who, listing, "township", _own_words("township", reasons))
        return listing
    LISTING.move(listing, "pre_review", "township_approve")
    listing.updated_at = now(session)
    await record_on(
        session,
        listing,
        action="listing.township_approved",
        by=who,
        rule="L4",
        reason=body.opinion,
    )
    return listing


async def record_site_inspection(
    session: AsyncSession, who: Principal, listing: Listing, body: SiteInspectionIn
) -> SiteInspection:
    """The window records the site inspection (L21) before the township's initial review;
    its photos are the listing's ``site_photo`` materials."""
    require_township(who, listing)
    require_status(listing.status, *EDITABLE_STATES, "submitted", rule="L21")
    photos = {
        d.id
        for d in await documents_of(session, "listing", listing.id)
        if d.doc_type == "site_photo"
    }
    unknown = [i for i in body.photo_document_ids if i not in photos]
    if unknown:
        raise invalid_field(
            "photo_document_ids",
            "L21",
            f"not site photos of this listing: {unknown}",
            "照片须为本项目上传的现场勘察照片",
        )
    if body.inspected_on > local_date(now(session)):
        raise invalid_field("inspected_on", "L21", "a date in the future", "勘察日期不能晚于今天")
    inspection = SiteInspection(
        listing_id=listing.id,
        **body.model_dump(),
        recorded_by=who.subject,
        recorded_at=now(session),
    )
    session.add(inspection)
    await record_on(
        session,
        listing,
        action="listing.site_inspected",
        by=who,
        rule="L21",
        data={"on": body.inspected_on.isoformat(), "boundary_matches": body.boundary_matches},
    )
    return inspection


async def site_inspections(
    session: AsyncSession, who: Principal, listing: Listing
) -> list[SiteInspection]:
    """A listing's site inspections (L21), for whoever may read the listing."""
    require_readable(who, listing)
    return await site_inspections_of(session, listing.id)


async def pre_review(
    session: AsyncSession,
    who: Principal,
    listing: Listing,
    body: PreReviewIn,
    *,
    runtime: ServiceRuntime,
) -> Listing:
    """County pre-review (前置审核): the registry's title search + ownership confirmation.

    Disputed, seized, inside an expropriation scope, or under a lien whose holder has
    not consented: the right cannot be listed. All reasons are returned at once.
    """
    require_listing_county(who, listing)
    require_status(listing.status, "pre_review", rule="L4")
    found: list[tuple[str, str, str]] = []
    title = None
    if listing.right_certificate_no:
        title = await title_search(runtime, listing.right_certificate_no)
        found += rules.title_problems(listing, title, body.lienholder_consents)
        found += rules.l18_term_problems(listing, title)  # L18: within the right's term
        if title is not None:
            listing.title_search = title.model_dump(mode="json")
    for entrustment in listing.entrustments or []:
        # L17: every entrusted right passes the title search as a listed right would (L4)
        right = await title_search(runtime, entrustment["certificate_no"])
        found += rules.entrusted_title_problems(entrustment, right, body.lienholder_consents)
    found += rules.household_without_entrustment(listing, title)  # L17
    if not body.ownership_confirmed:
        # the department's own words go back with it: the window must learn every reason
        found.append(
            (
                "L4",
                f"ownership not confirmed by the department: {body.opinion}",
                f"权属未经确认：{body.opinion}",
            )
        )
    if found:
        await return_application(
            session, who, listing, "county", rules.return_reasons("county", found)
        )
        return listing
    LISTING.move(listing, "pre_reviewed", "pre_review_pass")
    listing.updated_at = now(session)
    await record_on(
        session,
        listing,
        action="listing.pre_review_passed",
        by=who,
        rule="L4",
        reason=body.opinion,
        data={"title_search_version": title.version if title else None},
    )
    return listing


async def record_collective_decision(
    session: AsyncSession, who: Principal, listing: Listing, body: CollectiveDecisionIn
) -> CollectiveDecision:
    """The collective's democratic decision and the township's approval (L8)."""
    require_listing_county(who, listing)
    if body.votes_for > body.votes_total:
        raise invalid_field(
            "votes_for", "L8", "more votes for than voters", "赞成票数不得多于总票数"
        )
    if body.appraisal_value is not None and (
        body.appraiser_id is not None
        or await PARAMS.get(session, listing.county, "registered_appraiser_required")
    ):  # L20: the appraisal comes from an appraiser registered and valid on its date
        problems = await appraiser_problems(
            session, listing.county, body.appraiser_id, body.appraised_on, "appraisal_value"
        )
        if problems:
            raise invalid(problems, rule="L20")
    decision = CollectiveDecision(
        listing_id=listing.id,
        appraiser_id=body.appraiser_id,
        appraised_on=body.appraised_on,
        body=body.body,
        votes_for=body.votes_for,
        votes_total=body.votes_total,
        reserve_price_fen=to_fen(body.reserve_price),
        appraisal_fen=None if body.appraisal_value is None else to_fen(body.appraisal_value),
        township_approval_ref=body.township_approval_ref,
        decided_on=body.decided_on,
        recorded_by=who.subject,
        recorded_at=now(session),
    )
    session.add(decision)
    await record_on(
        session,
        listing,
        action="listing.collective_decision_recorded",
        by=who,
        rule="L8",
        data={"body": body.body, "for": body.votes_for, "total": body.votes_total},
    )
    return decision


async def collective_decision_problems(
    session: AsyncSession, listing: Listing
) -> list[FieldProblem]:
    """L8 against the listing's latest recorded decision (a collective seller only)."""
    if listing.seller_kind != "collective":
        return []
    return rules.l8_problems(listing, await latest_collective_decision(session, listing.id))


async def register(session: AsyncSession, who: Principal, listing: Listing) -> Listing:
    """The centre registers (受理登记) a pre-reviewed application (L4), checking L8, L15 and,
    for 入市 land, the cleared plan (E3, E4)."""
    require_listing_county(who, listing)
    require_status(listing.status, "pre_reviewed", rule="L4")
    problems = await collective_decision_problems(session, listing)
    if listing.product == "collective_construction_land":
        terms = await PARAMS.get(session, listing.county, "statutory_max_terms")
        problems += rules.l15_problems(listing, terms)
        plan = (
            await session.get(EntryClearance, listing.entry_plan_id)
            if listing.entry_plan_id
            else None
        )
        required = await PARAMS.get(session, listing.county, "entry_plan_required")
        if listing.entry_deal_id is not None:  # E15: a re-listing follows its contract
            contract = await session.get(EntryContract, listing.entry_deal_id)
            problems += rules.entry_resale_problems(listing, contract)
        else:
            problems += rules.entry_plan_problems(listing, plan, required=required)
        if plan is not None:
            uses = await PARAMS.get(session, listing.county, "agreement_transfer_uses")
            problems += rules.agreement_problems(plan, uses)
    if problems:
        raise _cannot_register(problems)
    LISTING.move(listing, "registered", "register")
    listing.price_table = await price_table_in_force(session, listing)  # L22
    if listing.product == "collective_construction_land":
        listing.l15_checked_by = who.subject
    listing.updated_at = now(session)
    await record_on(session, listing, action="listing.registered", by=who, rule="L4")
    return listing


async def price_table_in_force(session: AsyncSession, listing: Listing) -> dict[str, Any] | None:
    """L22: the base land price table version in force on the registration day, recorded
    on a listing that has a price class, so its reference never moves to a later table."""
    if not listing.price_class:
        return None
    on = local_date(now(session))
    table = await PARAMS.get(session, listing.county, "base_land_prices", on=on)
    versions = await PARAMS.history(session, listing.county, "base_land_prices")
    in_force = [v.version for v in versions if v.effective_from <= on]
    return {
        "on": on.isoformat(),
        "version": in_force[-1] if in_force else 0,  # 0: the seeded default
        "document_no": table.document_no,
        "valuation_date": table.valuation_date.isoformat(),
    }


async def centre_return(
    session: AsyncSession, who: Principal, listing: Listing, reasons: list[str]
) -> Listing:
    """The centre returns the application to the window with every reason (L4)."""
    require_listing_county(who, listing)
    require_status(listing.status, "pre_reviewed", "registered", rule="L4")
    await return_application(session, who, listing, "centre", _own_words("centre", reasons))
    return listing
