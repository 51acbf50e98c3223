"""The portal's public pages, sign-in, session and CSRF — against the embedded run."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
from pydantic import ValidationError

from portal import create_portal_app, fmt
from portal.settings import PortalSettings


async def test_root_is_the_portal_and_the_api_docs_stay(embedded) -> None:
    async with embedded.browser() as b:
        r = await b.get("/")
        assert r.status_code == 200 and "text/html" in r.headers["content-type"]
        assert "交易公告" in r.text and 'href="/listing/docs"' in r.text
        assert (await b.get("/listing/docs")).status_code == 200
        assert (await b.get("/static/portal.css")).status_code == 200


async def test_L5_board_shows_a_published_listing_with_money_and_a_server_countdown(
    embedded,
) -> None:
    async with embedded.platform() as p:
        listing = await embedded.published_listing(p)
    async with embedded.browser() as b:
        r = await b.get("/board")
    assert r.status_code == 200
    assert listing["title"] in r.text
    assert "1,234,567.00 元" in r.text and "123,456.00 元" in r.text
    assert "20 亩（约 13,333 m²）" in r.text
    # the countdown carries the server's remaining seconds and the server's time
    assert 'data-seconds-left="' in r.text and "data-server-now=" in r.text
    assert "距离报名截止还剩" in r.text
    # the deadline is shown in Beijing time (+08:00)
    ends = datetime.fromisoformat(listing["announcement_ends_at"])
    assert fmt.shanghai(ends) in r.text
    assert ends.astimezone(fmt.SHANGHAI).utcoffset() == timedelta(hours=8)


async def test_L5_board_filters_and_refuses_bad_input_without_a_500(embedded) -> None:
    async with embedded.platform() as p:
        listing = await embedded.published_listing(p)
    async with embedded.browser() as b:
        hit = await b.get("/board", params={"township": "620821101", "q": "村东", "county": ""})
        assert hit.status_code == 200 and listing["title"] in hit.text
        miss = await b.get("/board", params={"min_price": "2000000"})
        assert miss.status_code == 200 and listing["title"] not in miss.text
        for params in (
            {"township": "abc"},
            {"status": "nonsense"},
            {"min_price": "-5"},
            {"max_price": "NaN"},
            {"page": "0"},
            {"page": "x"},
        ):
            r = await b.get("/board", params=params)
            assert r.status_code == 422, (params, r.status_code)
            assert "输入有误" in r.text


async def test_L14_listing_page_shows_the_announcement_masked(embedded) -> None:
    async with embedded.platform() as p:
        listing = await embedded.published_listing(p)
    async with embedded.browser() as b:
        r = await b.get(f"/board/{listing['id']}")
        assert r.status_code == 200
        assert listing["title"] in r.text and "挂牌底价" in r.text
        assert "李*" in r.text and "李四" not in r.text  # the seller masked (L14)
        assert listing["seller_party_id"] not in r.text
        missing = await b.get("/board/NOPE123")
        assert missing.status_code == 404 and "页面不存在" in missing.text
        odd = await b.get("/board/%3Cscript%3E")
        assert odd.status_code == 404


async def test_X4_unknown_path_is_a_problem_for_api_clients_and_a_page_for_people(
    embedded,
) -> None:
    async with embedded.browser() as b:
        page = await b.get("/no/such/page")
        assert page.status_code == 404 and "text/html" in page.headers["content-type"]
        api = await b.get("/no/such/page", headers={"Accept": "application/json"})
        assert api.status_code == 404
        assert api.headers["content-type"].startswith("application/problem+json")


async def test_X3_persona_sign_in_sets_an_httponly_cookie_and_never_prints_the_token(
    embedded,
) -> None:
    async with embedded.browser() as b:
        page = await b.get("/sign-in")
        assert page.status_code == 200 and "买受人" in page.text
        r = await b.post(
            "/sign-in",
            data={
                "persona": "buyer-a",
                "csrf_token": embedded.csrf_of(page.text),
                "next": "/board",
            },
        )
        assert r.status_code == 303 and r.headers["location"] == "/board"
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        home = await b.get("/")
        assert "李建国" in home.text
        assert "eyJ" not in home.text  # no JWT in the page
        # sign out (CSRF-checked) forgets the person
        out = await b.post("/sign-out", data={"csrf_token": embedded.csrf_of(home.text)})
        assert out.status_code == 303
        assert "李建国" not in (await b.get("/")).text


async def test_X3_every_post_needs_the_sessions_csrf_token(embedded) -> None:
    async with embedded.browser() as b:
        await b.get("/sign-in")
        for data in ({"persona": "staff"}, {"persona": "staff", "csrf_token": "forged"}):
            r = await b.post("/sign-in", data=data)
            assert r.status_code == 403 and "表单已过期" in r.text
        assert "赵海燕" not in (await b.get("/")).text
        # an open redirect is refused: only a path of this site
        page = await b.get("/sign-in")
        r = await b.post(
            "/sign-in",
            data={
                "persona": "staff",
                "csrf_token": embedded.csrf_of(page.text),
                "next": "//evil.test/",
            },
        )
        assert r.headers["location"] == "/"
        unknown = await b.post(
            "/sign-in",
            data={"persona": "root", "csrf_token": embedded.csrf_of((await b.get("/")).text)},
        )
        assert unknown.status_code == 422


def test_formatting_helpers() -> None:
    assert fmt.yuan("1234567.5") == "1,234,567.50 元"
    assert fmt.yuan(None) == "—"
    assert fmt.area("8") == "8 亩（约 5,333 m²）"
    assert fmt.countdown(3 * 86400 + 4 * 3600 + 5 * 60 + 6) == "3天04时05分06秒"
    assert fmt.countdown(-5) == "0天00时00分00秒"
    assert fmt.shanghai("2026-12-06T12:46:00Z") == "2026-12-06 20:46"
    assert fmt.shanghai("2026-12-06T20:46:00+08:00") == "2026-12-06 20:46"
    assert fmt.iso_shanghai("2026-12-06T12:46:00Z").endswith("+08:00")


def test_X3_the_portal_refuses_the_default_secret_outside_development(production) -> None:
    with pytest.raises(ValidationError, match="REX_SECRET_KEY"):
        PortalSettings(**(production | {"secret_key": "dev-only-secret-change-me"}))


async def test_X3_outside_development_the_cookie_is_secure_and_no_persona_is_minted(
    production,
) -> None:
    app = create_portal_app(PortalSettings(**production), apps={})
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://portal.test"
    ) as b:
        home = await b.get("/", headers={"Accept": "text/html"})
        assert home.status_code == 200 and "选择演示身份" not in home.text
        # no form, no session: nothing is set for an anonymous visitor (the session
        # cookie's Secure, HttpOnly, SameSite: test_portal_oidc, where one is written)
        assert "set-cookie" not in home.headers
        assert (await b.get("/sign-in", headers={"Accept": "text/html"})).status_code == 503
    await app.state.upstream.aclose()


async def test_pages_carry_no_inline_script_or_style_under_a_self_only_policy(embedded) -> None:
    """The platform's CSP is ``default-src 'self'``: an inline script, style attribute or
    <style> block would be blocked, so none may exist (pages also state the policy)."""
    import re

    async with embedded.browser() as b:
        for path in ("/", "/board", "/sign-in", "/loan", "/results", "/mortgages", "/watch/L1"):
            html = (await b.get(path)).text
            assert "default-src 'self'" in html, path
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
            assert not re.search(r"\sstyle=|<style|\son[a-z]+=", html), path
