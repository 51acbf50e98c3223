"""入市 before the trade (DOMAIN E1–E6, E8, E14): the seller by owner level, the parcel
survey, the plan passed by two thirds (X5: 19 of 30 refused, 20 of 30 passed), ways and
terms, the reserve from a licensed appraisal, the adjusted users' compensation, the
county's supply plan and the joint review, and ``collective.entry_cleared``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from collective_helpers import (
    AGENT_CODE,
    BUREAU,
    COUNTY,
    ENTRY_CERT,
    NEIGHBOUR_OFFICER,
    OFFICER,
    OTHER_BUREAU,
    cleared_entry_plan,
    collective,
    deliver,
    department_opinion,
    department_opinions,
    effective_resolution,
    entry_plan_body,
    entry_ready,
    expropriation_standard,
    ok,
    outbox_events,
    reasons,
    resolution,
    supplied_entry_plan,
    today,
)

from collective.entry.handlers import on_intermediary_changed
from collective.entry.rules import compensation_floor_fen, reserve_floor_fen
from collective.params import ENTRY_MAX_TERM_YEARS
from common.contracts.listing import IntermediaryChanged

#: E8: 51 of 100 units of at most 70 m² (passes), 49 of 100 (refused)
SMALL_51 = ["70.00"] * 51 + ["70.01"] * 49
SMALL_49 = ["65.00"] * 49 + ["90.00"] * 51


async def test_E3_a_plan_passed_by_19_of_30_is_refused_and_20_of_30_passes(client) -> None:
    await collective(client)
    await expropriation_standard(client)
    short = await resolution(client, "land_entry", vote_for=19, eligible=30)
    assert short["status"] == "rejected"  # 3 × 19 = 57 < 60 = 2 × 30
    refused = await client.post(
        "/entry-plans", json=entry_plan_body(short["id"], client), headers=OFFICER
    )
    assert refused.status_code == 422, refused.text
    assert ("resolution_id", "X5") in reasons(refused)
    passed = await effective_resolution(client, "land_entry", vote_for=20, eligible=30)
    plan = ok(
        await client.post(
            "/entry-plans", json=entry_plan_body(passed["id"], client), headers=OFFICER
        ),
        201,
    )
    assert (plan["status"], plan["reserve_price"], plan["term_years"]) == (
        "decided",
        "2000000.00",
        40,
    )
    decisions = ok(await client.get(f"/entry-plans/{plan['id']}", headers=BUREAU))
    assert decisions["resolution_id"] == passed["id"]


async def test_E3_a_homestead_resolution_is_not_an_entry_decision(lite) -> None:
    await collective(lite)
    await expropriation_standard(lite)
    r = await effective_resolution(lite, "homestead", vote_for=30, eligible=45)
    refused = await lite.post("/entry-plans", json=entry_plan_body(r["id"], lite), headers=OFFICER)
    assert ("resolution_id", "X5") in reasons(refused)


async def test_E1_the_seller_by_owner_level_and_its_legal_person_agent(lite) -> None:
    r = await entry_ready(lite)
    seller = {
        "kind": "village_committee",  # the village has its economic organization
        "name": "某村村民委员会",
        "economic_organization_exists": True,
        "legal_person": False,
        "agent": {"name": "兰陵某代理公司"},  # no written authorisation, no credit code
    }
    refused = await lite.post(
        "/entry-plans", json=entry_plan_body(r["id"], lite, seller=seller), headers=OFFICER
    )
    assert refused.status_code == 422
    assert reasons(refused) == {
        ("seller.kind", "E1"),
        ("seller.agent.authorisation_ref", "E1"),
        ("seller.agent.credit_code", "E1"),
    }
    no_agent = seller | {"kind": "villagers_group", "agent": None}
    refused = await lite.post(
        "/entry-plans",
        json=entry_plan_body(r["id"], lite, owner_level="group", seller=no_agent),
        headers=OFFICER,
    )
    assert reasons(refused) == {("seller.kind", "E1"), ("seller.agent", "E1")}
    # a villagers' group where the group has no economic organization, through an agent
    group = no_agent | {
        "economic_organization_exists": False,
        "agent": {
            "name": "兰陵某代理公司",
            "credit_code": AGENT_CODE,
            "authorisation_ref": "委托书2026-01",
        },
    }
    ok(
        await lite.post(
            "/entry-plans",
            json=entry_plan_body(r["id"], lite, owner_level="group", seller=group),
            headers=OFFICER,
        ),
        201,
    )


async def test_E2_the_survey_every_reason_at_once_and_nothing_recorded(lite) -> None:
    r = await entry_ready(lite)
    refused = await lite.post(
        "/entry-plans",
        json=entry_plan_body(
            r["id"],
            lite,
            land_class="agricultural",
            area_m2="1000.01",
            spatial_plan_done=False,
            historical_pre_2009=True,
        ),
        headers=OFFICER,
    )
    assert refused.status_code == 422
    assert refused.json()["type"].endswith("/entry-plan-refused")
    assert reasons(refused) == {
        ("land_class", "E2"),
        ("area_m2", "E2"),
        ("spatial_plan_done", "L15"),
        ("disposal_decision_ref", "E2"),
    }
    assert all(e["message_zh"] for e in refused.json()["errors"])
    # nothing was recorded: the same parcel is accepted afterwards
    ok(await lite.post("/entry-plans", json=entry_plan_body(r["id"], lite), headers=OFFICER), 201)


async def test_E2_an_open_dispute_on_the_right_refuses_the_plan(lite) -> None:
    r = await entry_ready(lite)
    body = {
        "collective_id": "371324100201",
        "object_type": "right",
        "object_ref": ENTRY_CERT,
        "claimant": "邻村集体",
        "description": "地块西侧权属争议",
    }
    d = ok(await lite.post("/disputes", json=body, headers=OFFICER), 201)
    refused = await lite.post("/entry-plans", json=entry_plan_body(r["id"], lite), headers=OFFICER)
    assert reasons(refused) == {("certificate_no", "X6")}
    close = {"outcome": "协商确认权属归本集体", "outcome_ref": "协议2026-3"}
    ok(await lite.post(f"/disputes/{d['id']}/close", json=close, headers=OFFICER))
    ok(await lite.post("/entry-plans", json=entry_plan_body(r["id"], lite), headers=OFFICER), 201)


async def test_E6_terms_at_most_industrial_50_commercial_40_rental_housing_70_lease_20(
    lite,
) -> None:
    assert ENTRY_MAX_TERM_YEARS == {
        "industrial": 50,
        "commercial": 40,
        "affordable_rental_housing": 70,
    }
    r = await entry_ready(lite)
    for n, (use, years) in enumerate(ENTRY_MAX_TERM_YEARS.items()):
        over = await lite.post(
            "/entry-plans",
            json=entry_plan_body(
                r["id"],
                lite,
                land_use=use,
                term_years=years + 1,
                parcel_number=f"P{n}",
                rental_units_m2=SMALL_51,
            ),
            headers=OFFICER,
        )
        assert reasons(over) == {("term_years", "E6")}, over.text
        ok(
            await lite.post(
                "/entry-plans",
                json=entry_plan_body(
                    r["id"],
                    lite,
                    land_use=use,
                    term_years=years,
                    parcel_number=f"P{n}",
                    rental_units_m2=SMALL_51,
                ),
                headers=OFFICER,
            ),
            201,
        )
    lease = await lite.post(
        "/entry-plans",
        json=entry_plan_body(r["id"], lite, way="lease", term_years=21, parcel_number="L1"),
        headers=OFFICER,
    )
    assert reasons(lease) == {("term_years", "E6")}
    ok(
        await lite.post(
            "/entry-plans",
            json=entry_plan_body(r["id"], lite, way="lease", term_years=20, parcel_number="L1"),
            headers=OFFICER,
        ),
        201,
    )
    conversion = await lite.post(
        "/entry-plans",
        json=entry_plan_body(
            r["id"], lite, way="lease_then_transfer", lease_years=21, parcel_number="L2"
        ),
        headers=OFFICER,
    )
    assert reasons(conversion) == {("lease_years", "E6"), ("conversion_conditions", "E6")}
    equity = await lite.post(
        "/entry-plans",
        json=entry_plan_body(r["id"], lite, way="joint_venture", parcel_number="L3"),
        headers=OFFICER,
    )
    assert reasons(equity) == {("collective_share_percent", "E6")}


async def test_E8_never_commercial_housing_villa_compounds_or_private_clubs(lite) -> None:
    r = await entry_ready(lite)
    for use in ("commercial_housing", "villa_compound", "private_club"):
        refused = await lite.post(
            "/entry-plans", json=entry_plan_body(r["id"], lite, land_use=use), headers=OFFICER
        )
        assert reasons(refused) == {("land_use", "E8")}, refused.text


async def test_E5_reserve_at_least_the_appraisal_unless_two_thirds_approve_less(lite) -> None:
    assert reserve_floor_fen(200_000_000, Decimal(100)) == 200_000_000
    r = await entry_ready(lite)
    below = entry_plan_body(r["id"], lite, reserve_price="1999999.99")
    refused = await lite.post("/entry-plans", json=below, headers=OFFICER)
    assert reasons(refused) == {("reserve_price", "E5")}
    ok(
        await lite.post(
            "/entry-plans", json=below | {"reserve_below_appraisal": True}, headers=OFFICER
        ),
        201,
    )


async def test_E5_an_appraisal_dated_outside_the_licence_validity_is_refused(lite) -> None:
    r = await entry_ready(lite)
    body = entry_plan_body(r["id"], lite)
    body["appraisal"]["licence_valid_to"] = body["appraisal"]["licence_valid_from"]
    refused = await lite.post("/entry-plans", json=body, headers=OFFICER)
    assert reasons(refused) == {("appraisal.appraised_on", "E5")}
    assert "鲁估2024-0001" in refused.json()["errors"][0]["message"]


async def test_E5_L20_once_the_county_keeps_its_register_the_appraiser_must_be_on_it(lite) -> None:
    """listing's register (L20) followed through ``listing.intermediary_changed``: an
    appraisal whose licence is not an active appraiser valid on its date is refused; the
    register's dates win over the ones the appraisal states."""
    from datetime import UTC, datetime, timedelta

    r = await entry_ready(lite)
    on = today(lite)

    def filed(licence: str, until: Any, *, seq: int, active: bool = True) -> IntermediaryChanged:
        return IntermediaryChanged(
            intermediary_id=f"I-{licence}",
            county=COUNTY,
            kind="appraiser",
            name="临沂某土地评估有限公司",
            party_id="91371300MA3C0000XX",
            licence_no=licence,
            valid_from=on - timedelta(days=400),
            valid_until=until,
            active=active,
            changed_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=seq),
            decided_by="centre-1",
        )

    # another appraiser filed: the county keeps a register, ours is not on it
    other = filed("鲁估2023-0999", on + timedelta(days=30), seq=1)
    await deliver(lite, on_intermediary_changed, other, other.intermediary_id)
    refused = await lite.post("/entry-plans", json=entry_plan_body(r["id"], lite), headers=OFFICER)
    assert reasons(refused) == {("appraisal.licence_no", "L20")}
    # ours filed, but its registered validity ended before the appraisal (day -10)
    ours = filed("鲁估2024-0001", on - timedelta(days=11), seq=2)
    await deliver(lite, on_intermediary_changed, ours, ours.intermediary_id)
    refused = await lite.post("/entry-plans", json=entry_plan_body(r["id"], lite), headers=OFFICER)
    assert reasons(refused) == {("appraisal.licence_no", "L20")}
    renewed = filed("鲁估2024-0001", on + timedelta(days=365), seq=3)
    await deliver(lite, on_intermediary_changed, renewed, renewed.intermediary_id)
    ok(await lite.post("/entry-plans", json=entry_plan_body(r["id"], lite), headers=OFFICER), 201)


async def test_E14_compensation_at_least_the_expropriation_standard_and_agreed(lite) -> None:
    assert compensation_floor_fen(Decimal("100"), 150) == 1_500_000
    r = await entry_ready(lite)
    users = [
        {"name": "张某", "area_m2": "100.00", "compensation": "14999.99", "agreed": True},
        {"name": "李某", "area_m2": "10.00", "compensation": "1500.00", "agreed": False},
    ]
    refused = await lite.post(
        "/entry-plans",
        json=entry_plan_body(r["id"], lite, users=users, members_choice="expropriation"),
        headers=OFFICER,
    )
    assert reasons(refused) == {
        ("users.0.compensation", "E14"),
        ("users.1.agreed", "E14"),
        ("members_choice", "E14"),
    }


async def test_E14_no_county_standard_no_adjusted_user(lite) -> None:
    await collective(lite)
    r = await effective_resolution(lite, "land_entry", vote_for=20, eligible=30)
    refused = await lite.post("/entry-plans", json=entry_plan_body(r["id"], lite), headers=OFFICER)
    assert reasons(refused) == {("users", "E14")}


async def test_E4_cleared_only_in_the_supply_plan_with_every_opinion_passed(client) -> None:
    await collective(client)
    plan = await cleared_entry_plan(client)
    assert plan["cleared_at"] is not None
    events = await outbox_events(client, "collective.entry_cleared")
    assert [
        (e["payload"]["plan_id"], e["payload"]["reserve_price"], e["payload"]["trading_method"])
        for e in events
    ] == [(plan["id"], "2000000.00", "posted")]


async def test_E4_a_negative_or_missing_opinion_keeps_the_plan_from_listing(lite) -> None:
    r = await entry_ready(lite)
    plan, supply = await supplied_entry_plan(
        lite, entry_plan_body(r["id"], lite), {"commercial": "1000"}, "供应计划"
    )
    plan = await department_opinions(
        lite, plan["id"], refused=frozenset({"ecology_environment"}), opinion="意见"
    )
    assert plan["status"] == "decided"
    assert await outbox_events(lite, "collective.entry_cleared") == []
    plan = await department_opinion(lite, plan["id"], "ecology_environment", True, "整改后同意")
    assert plan["status"] == "cleared"
    # the quota is used up: a second commercial plan does not fit (E4)
    other = ok(
        await lite.post(
            "/entry-plans",
            json=entry_plan_body(
                r["id"], lite, parcel_number="P2", area_m2="0.01", registered_area_m2="0.01"
            ),
            headers=OFFICER,
        ),
        201,
    )
    over = await lite.post(
        f"/entry-plans/{other['id']}/supply", json={"supply_plan_id": supply["id"]}, headers=BUREAU
    )
    assert over.status_code == 409 and reasons(over) == {("supply_plan_id", "E4")}
    used = ok(await lite.get(f"/entry-supply-plans/{supply['id']}", headers=BUREAU))
    assert used["used_m2"] == {"commercial": "1000.00"}


async def test_E4_rental_housing_needs_the_housing_opinion(lite) -> None:
    r = await entry_ready(lite)
    body = entry_plan_body(
        r["id"], lite, land_use="affordable_rental_housing", rental_units_m2=SMALL_51
    )
    plan, _ = await supplied_entry_plan(
        lite, body, {"affordable_rental_housing": "1000"}, "供应计划（含保障性租赁住房）"
    )
    plan = await department_opinions(lite, plan["id"])
    assert plan["status"] == "decided"
    plan = await department_opinion(lite, plan["id"], "housing")
    assert plan["status"] == "cleared"


async def test_X3_entry_plans_belong_to_the_collective_and_the_county(lite) -> None:
    r = await entry_ready(lite)
    other = await lite.post(
        "/entry-plans", json=entry_plan_body(r["id"], lite), headers=NEIGHBOUR_OFFICER
    )
    assert other.status_code == 403
    plan = ok(
        await lite.post("/entry-plans", json=entry_plan_body(r["id"], lite), headers=OFFICER), 201
    )
    for call in (
        lite.get(f"/entry-plans/{plan['id']}", headers=OTHER_BUREAU),
        lite.post(
            f"/entry-plans/{plan['id']}/opinions",
            json={"department": "finance", "passed": True, "opinion": "同意"},
            headers=OTHER_BUREAU,
        ),
        lite.post(
            "/entry-supply-plans",
            json={
                "county": COUNTY,
                "year": 2026,
                "quotas_m2": {"commercial": "1"},
                "reference": "x",
            },
            headers=OTHER_BUREAU,
        ),
    ):
        assert (await call).status_code == 403
    audit = ok(await lite.get(f"/entry-plans/{plan['id']}", headers=OFFICER))
    assert audit["status"] == "decided"


async def test_E8_rental_housing_is_mostly_units_of_at_most_70_m2(lite) -> None:
    r = await entry_ready(lite)
    body = entry_plan_body(r["id"], lite, land_use="affordable_rental_housing", term_years=70)
    refused = await lite.post(
        "/entry-plans", json=body | {"rental_units_m2": SMALL_49}, headers=OFFICER
    )
    assert reasons(refused) == {("rental_units_m2", "E8")}
    assert "49 of 100" in refused.json()["errors"][0]["message"]
    none = await lite.post("/entry-plans", json=body, headers=OFFICER)
    assert reasons(none) == {("rental_units_m2", "E8")}
    ok(
        await lite.post("/entry-plans", json=body | {"rental_units_m2": SMALL_51}, headers=OFFICER),
        201,
    )
