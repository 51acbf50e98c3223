"""E16: the county's 入市 policy documents on the public board — the natural resources
bureau publishes (title, 文号, date, a PDF or a link), the public reads without a token,
newest first; another county's bureau or another role cannot publish."""

from __future__ import annotations

from collective_helpers import BUREAU, COUNTY, OFFICER, ok

from testkit.testing import auth

POLICY = {
    "title": "兰陵县农村集体经营性建设用地入市管理办法（试行）",
    "document_no": "兰政发〔2026〕3号",
    "issued_on": "2026-01-15",
    "url": "https://www.lanling.gov.cn/zcwj/2026-3.pdf",
}


async def test_E16_the_bureau_publishes_a_policy_and_the_public_reads_it(lite) -> None:
    url = f"/counties/{COUNTY}/entry-policies"
    first = ok(await lite.post(url, json=POLICY, headers=BUREAU), 201)
    later = POLICY | {
        "title": "兰陵县集体经营性建设用地土地增值收益调节金征收使用管理办法",
        "document_no": "兰财〔2026〕9号",
        "issued_on": "2026-03-01",
        "url": None,
        "document_id": "doc-0009",
    }
    second = ok(await lite.post(url, json=later, headers=BUREAU), 201)
    board = await lite.get("/board/entry/policies", params={"county": COUNTY})
    assert board.status_code == 200, board.text
    assert [(p["id"], p["document_no"]) for p in board.json()] == [
        (second["id"], "兰财〔2026〕9号"),
        (first["id"], "兰政发〔2026〕3号"),
    ]
    assert board.json()[1]["url"] == POLICY["url"]
    assert (await lite.get("/board/entry/policies", params={"county": "371325"})).json() == []


async def test_E16_a_policy_without_its_text_or_with_both_is_refused(lite) -> None:
    url = f"/counties/{COUNTY}/entry-policies"
    for body in (POLICY | {"url": None}, POLICY | {"document_id": "doc-1"}):
        r = await lite.post(url, json=body, headers=BUREAU)
        assert r.status_code == 422, r.text
        assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [("document_id", "E16")]
    assert (await lite.get("/board/entry/policies", params={"county": COUNTY})).json() == []


async def test_X3_only_the_county_s_bureau_publishes_policies(lite) -> None:
    other = auth("natural_resources_bureau", org_type="county", org_id="371325", county="371325")
    url = f"/counties/{COUNTY}/entry-policies"
    assert (await lite.post(url, json=POLICY, headers=other)).status_code == 403
    assert (await lite.post(url, json=POLICY, headers=OFFICER)).status_code == 403
