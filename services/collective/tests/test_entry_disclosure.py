"""E16 disclosure on the public board (DOMAIN E16, E11, L14's masking): the supply plan
with the area left, the deals' results and the settled deals' price, fees, fund and
spending — read without a token, nothing personal shown."""

from __future__ import annotations

from collective_helpers import COUNTY, person, settled_entry_deal

from collective.entrydisclosure.service import _buyer
from common.ids import generate_resident_id


def test_E16_a_natural_person_buyer_is_masked_a_legal_person_shown() -> None:
    rid = generate_resident_id()
    name, code = _buyer("张三丰", rid)
    assert name == "张**" and code != rid and code[:6] == rid[:6] and "*" in code
    assert _buyer("兰陵某商贸有限公司", "91371324MA3C00002X") == (
        "兰陵某商贸有限公司",
        "91371324MA3C00002X",
    )


async def test_E16_E11_the_public_board_discloses_plan_results_and_spending(lite) -> None:
    deal = await settled_entry_deal(lite)
    q = {"county": COUNTY}
    (supply,) = (await lite.get("/board/entry/supply-plans", params=q)).json()
    commercial = next(u for u in supply["uses"] if u["use"] == "commercial")
    assert (commercial["quota_m2"], commercial["used_m2"], commercial["left_m2"]) == (
        "5000",
        "1000.00",
        "4000.00",
    )
    r = await lite.get("/board/entry/results", params=q)
    assert r.status_code == 200
    (result,) = r.json()
    assert (result["price"], result["buyer_name"], result["land_use"]) == (
        "2100000.00",
        "兰陵某商贸有限公司",
        "commercial",
    )
    assert result["filed"] is True and result["location"] == "兰陵镇某村东"
    d = await lite.get("/board/entry/disclosures", params=q)
    (disclosed,) = d.json()
    assert disclosed["deal_id"] == deal["id"]
    assert (disclosed["price"], disclosed["adjustment_fund"], disclosed["taxes_fees"]) == (
        "2100000.00",
        "300000.00",
        "33333.33",
    )
    assert (disclosed["retention"], disclosed["member_distributions"]) == (
        "530000.00",
        "1236666.67",
    )
    assert disclosed["members_paid"] == 1
    # nothing personal: neither the member paid nor the adjusted user (张某) appears
    for text in (r.text, d.text):
        assert person(1) not in text and "张某" not in text
    bad = await lite.get("/board/entry/results", params={"county": "37132"})
    assert bad.status_code == 422 and "county" in bad.text
