"""The portal's public listing page (issue 17): every announcement field in Chinese,
Asia/Shanghai times, 元 with thousands separators, the materials checked and the state
history with the suspension's reason (L12), nobody's name."""

from __future__ import annotations

from portal import fmt


async def test_L5_L10_L12_listing_page_shows_the_whole_announcement_and_its_history(
    embedded,
) -> None:
    async with embedded.platform() as p:
        listing = await embedded.published_listing(p, increment="12345.00")
        embedded.clock.advance(days=1)
        await p.suspend(listing["id"], "department_request", "县农业农村局要求核查权属")
        board = await p.board_listing(listing["id"])
    async with embedded.browser() as b:
        r = await b.get(f"/board/{listing['id']}")
    assert r.status_code == 200
    html = r.text
    assert "加价幅度" in html and "12,345.00 元" in html and "123,456.00 元" in html
    # registration window and trading time in Asia/Shanghai
    assert "报名时间" in html
    assert f"{fmt.shanghai(board['registration_opens_at'])}</time> 至" in html
    assert fmt.iso_shanghai(board["registration_closes_at"]).endswith("+08:00")
    assert "交易时间" in html and "公告期满后开始" in html
    assert "优先受让权" in html and "<dd>无</dd>" in html
    assert "保证金缴纳" in html and "保证金由交易中心指定银行收取，按报名后通知缴纳" in html
    assert "联系方式" in html and "县农村产权交易中心" in html
    assert "公开材料" in html and "交易申请书 · 已核验" in html
    assert "状态记录" in html and "发布公告" in html
    assert "中止（县农村产权交易中心）：主管部门要求 — 县农业农村局要求核查权属" in html
    assert fmt.shanghai(board["history"][1]["at"]) in html
    assert "exchange_staff-" not in html  # the staff member's subject never shows
    assert listing["seller_party_id"] not in html and "李四" not in html  # masked (L14)
