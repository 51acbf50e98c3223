"""R6 with L20 (004 意见 三(一), 二(二); 001 5.3): a valuation by a third-party appraiser
comes from an appraiser registered in the county's intermediary register (listing's,
followed from ``listing.intermediary_changed``) and valid on the valuation date — once the
county has filed any appraiser (as E5)."""

from __future__ import annotations

from datetime import date, timedelta

from registry_testkit import COUNTY, fields

from common.contracts.listing import IntermediaryChanged
from registry.valuation.handlers import on_intermediary_changed
from testkit.testing import intermediary_changed


async def file_appraiser(reg, licence_no: str, valid_until: date, **kw) -> IntermediaryChanged:
    name, party_id = "庆阳市信达资产评估有限公司", "91621000MA71234567"
    event = intermediary_changed(COUNTY, "appraiser", name, party_id, licence_no, valid_until, **kw)
    await deliver(reg, event)
    return event


async def deliver(reg, event: IntermediaryChanged) -> None:
    await reg.deliver(on_intermediary_changed, event, times=2)


async def appraised(reg, **body):
    right = await reg.right()
    app = await reg.apply(right)
    await reg.upload(app["id"], "appraisal_report")
    return app, await reg.value(app["id"], method="appraiser", **body)


async def test_R6_L20_no_register_yet_keeps_the_report_only_rule(reg) -> None:
    _, r = await appraised(reg)
    assert r.status_code == 200, r.text
    assert r.json()["appraiser_licence_no"] is None


async def test_R6_L20_a_registered_appraiser_valid_on_the_valuation_date(reg) -> None:
    await file_appraiser(reg, "PG-2026-01", reg.today + timedelta(days=30))
    app, r = await appraised(reg)
    assert r.status_code == 422 and fields(r) == {("appraiser_licence_no", "L20")}
    r = await reg.value(app["id"], method="appraiser", appraiser_licence_no="PG-OTHER")
    assert r.status_code == 422 and fields(r) == {("appraiser_licence_no", "L20")}
    r = await reg.value(app["id"], method="appraiser", appraiser_licence_no="PG-2026-01")
    assert r.status_code == 200, r.text
    assert r.json()["appraiser_licence_no"] == "PG-2026-01"
    # the lender's own valuation names no appraiser
    assert (await reg.value(app["id"], method="lender")).status_code == 200


async def test_R6_L20_an_expired_or_withdrawn_appraisers_valuation_is_refused(reg) -> None:
    expired = await file_appraiser(reg, "PG-OLD", reg.today - timedelta(days=1))
    _, r = await appraised(reg, appraiser_licence_no="PG-OLD")
    assert r.status_code == 422 and fields(r) == {("appraiser_licence_no", "L20")}
    # renewed in the register: valid again; then withdrawn: refused again
    later = expired.changed_at + timedelta(hours=1)
    await deliver(
        reg, expired.model_copy(update={"valid_until": date(2030, 1, 1), "changed_at": later})
    )
    _, r = await appraised(reg, appraiser_licence_no="PG-OLD")
    assert r.status_code == 200, r.text
    withdrawn = later + timedelta(hours=1)
    await deliver(reg, expired.model_copy(update={"active": False, "changed_at": withdrawn}))
    # an older event delivered late does not bring it back
    await deliver(
        reg, expired.model_copy(update={"valid_until": date(2030, 1, 1), "changed_at": later})
    )
    _, r = await appraised(reg, appraiser_licence_no="PG-OLD")
    assert r.status_code == 422 and fields(r) == {("appraiser_licence_no", "L20")}
