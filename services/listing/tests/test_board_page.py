"""The public announcement page's data (issue 17): increment, registration window,
trading time, priority right, deposit instructions, contact, the materials checked and
the public state history — without a token, personal data and staff names left out."""

from __future__ import annotations

from datetime import datetime, timedelta

from testkit.testing import auth

SUSPEND = {"reason_code": "department_request", "reason": "县农业农村局要求核查权属"}


def named_staff() -> dict[str, str]:
    return auth(
        "exchange_staff", org_type="county", org_id="620821", subject="staff-zhao", name="赵六"
    )


async def _board(api, listing_id: str) -> dict:
    r = await api.c.get(f"/board/listings/{listing_id}")
    assert r.status_code == 200, r.text
    return r.json()


async def test_L5_the_page_shows_increment_window_trading_time_deposit_and_contact(api) -> None:
    listing = await api.to_announced()
    d = await _board(api, listing["id"])
    assert d["increment"] == "1000.00" and d["deposit"] == "10000.00"
    assert d["registration_opens_at"] == d["published_at"] is not None
    assert d["registration_closes_at"] == listing["announcement_ends_at"]
    assert d["mode"] == "ascending" and d["mode_zh"] == "网络竞价"
    assert d["trading_starts_at"] == listing["announcement_ends_at"]
    assert "公告期满后开始" in d["trading_time_zh"]
    assert d["deposit_instructions"] == "保证金由交易中心指定银行收取，按报名后通知缴纳"
    assert d["contact"] == {"name": "县农村产权交易中心", "phone": "", "address": ""}
    assert d["priority_right"] is False and d["priority_right_kind"] is None
    # L3: the kinds the centre checked, never a file name, hash or link
    assert [m["kind"] for m in d["materials"]] == api.REQUIRED_DOCS
    assert d["materials"][0]["kind_zh"] == "交易申请书"
    assert "filename" not in str(d) and "sha256" not in str(d) and ".pdf" not in str(d)
    [published] = d["history"]
    assert published["action"] == "published" and published["action_zh"] == "发布公告"
    assert published["ends_at"] == listing["announcement_ends_at"]
    assert published["by_role"] == "exchange_staff"


async def test_L5_deposit_instructions_and_contact_are_county_parameters(lite) -> None:
    for key, value in (
        ("deposit_instructions", "保证金缴入县农商银行专户（账号见报名通知）"),
        ("centre_contact", {"name": "青阳县农村产权交易中心", "phone": "0943-1234567"}),
    ):
        r = await lite.set_parameter(key, value, "县政府文件")
        assert r.status_code == 201, r.text
    bad = await lite.set_parameter("deposit_instructions", "", "清空")
    assert bad.status_code == 422, bad.text
    listing = await lite.to_announced()
    d = await _board(lite, listing["id"])
    assert d["deposit_instructions"] == "保证金缴入县农商银行专户（账号见报名通知）"
    assert d["contact"]["phone"] == "0943-1234567"


async def test_L7_a_tender_trades_at_its_opening_time(lite) -> None:
    opening = (lite.clock.now() + timedelta(days=25)).isoformat()
    listing = await lite.to_announced(mode="tender", tender_opening_at=opening)
    d = await _board(lite, listing["id"])
    assert d["mode_zh"] == "招标" and d["trading_starts_at"] == d["tender_opening_at"]
    assert datetime.fromisoformat(d["trading_starts_at"]) == datetime.fromisoformat(opening)


async def test_L10_a_collective_listing_shows_the_members_priority_right(lite) -> None:
    listing = await lite.to_announced_collective()
    d = await _board(lite, listing["id"])
    assert d["priority_right"] is True
    assert d["priority_right_kind"] == "collective_members"
    assert "同等条件下享有优先受让权" in d["priority_right_zh"]


async def test_L12_the_history_publishes_suspension_and_resumption_with_reasons_not_names(
    api,
) -> None:
    listing = await api.to_announced()
    lid = listing["id"]
    api.clock.advance(days=2)
    await api.post(f"/listings/{lid}/suspend", SUSPEND, named_staff())
    api.clock.advance(days=1)
    await api.post(f"/listings/{lid}/resume", {"reason": "权属核查无异议"}, named_staff())
    d = await _board(api, lid)
    assert [h["action"] for h in d["history"]] == ["published", "suspended", "resumed"]
    suspended = d["history"][1]
    assert suspended["reason"] == "县农业农村局要求核查权属"
    assert suspended["reason_code"] == "department_request"
    assert suspended["reason_code_zh"] == "主管部门要求"
    assert suspended["by_role_zh"] == "县农村产权交易中心" and suspended["rule"] == "L12"
    assert datetime.fromisoformat(suspended["at"]) == datetime.fromisoformat(
        listing["published_at"]
    ) + timedelta(days=2)
    assert d["history"][2]["reason"] == "权属核查无异议"
    assert "赵六" not in str(d) and "staff-zhao" not in str(d)


async def test_L12_a_termination_is_published_with_its_reason(lite) -> None:
    listing = await lite.to_announced()
    await lite.post(f"/listings/{listing['id']}/terminate", SUSPEND, named_staff())
    d = await _board(lite, listing["id"])
    assert d["history"][-1]["action"] == "terminated"
    assert d["history"][-1]["reason"] == SUSPEND["reason"]


async def test_L14_the_history_shows_the_close_the_result_and_the_contract(api) -> None:
    listing, buyer = await api.to_trading()
    await api.deliver(api.concluded(listing["id"], buyer))
    await api.deliver(api.signed(listing["id"], buyer, "QY-2026-001"))
    d = await _board(api, listing["id"])
    assert [h["action"] for h in d["history"]] == [
        "published",
        "announcement_closed",
        "result_published",
        "contract_published",
    ]
    assert {h["by_role"] for h in d["history"][1:]} == {"system"}
    # registration, qualification and review steps stay internal; nobody's identity shows
    assert buyer["party_id"] not in str(d) and api.seller not in str(d) and "王五一" not in str(d)
