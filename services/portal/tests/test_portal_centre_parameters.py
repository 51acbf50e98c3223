"""The centre's county parameters (issue 19, X2): every service's parameters in force,
one parameter's recorded versions, and a new version with its reason — confirmed first,
a refusal shown on its field with nothing changed; another department's parameters are
read only here."""

from __future__ import annotations

import re
from datetime import timedelta

from testkit.platform_client import PlatformClient, staff

PAGE = "/console/centre/parameters"


async def history(p: PlatformClient, service: str, key: str) -> list[dict]:
    return await p.request(service, "GET", f"/county-parameters/620821/{key}", staff())


async def test_X2_the_centre_changes_a_county_parameter_with_its_reason_and_reads_its_history(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.sign_in(b, "staff")
        page = await b.get(PAGE)
        assert page.status_code == 200, page.text
        for service in ("listing", "bidding", "registry", "guarantee", "collective"):
            assert f'id="p-{service}"' in page.text
        url = f"{PAGE}/bidding/deposit_refund_working_days"
        assert f'href="{url}"' in page.text
        one = await b.get(url)
        assert one.status_code == 200 and "从未修改" in one.text
        csrf = embedded.csrf_of(one.text)
        today = embedded.clock.now().date()
        typed = {
            "csrf_token": csrf,
            "value": "七",
            "effective_from": str(today),
            "reason": "县物价局批复",
        }

        r = await b.post(url, data=typed | {"confirmed": "yes"})  # not a number
        assert r.status_code == 422 and re.search(r'id="f-value"[^>]*aria-invalid="true"', r.text)
        assert 'value="七"' in r.text
        past = str(today - timedelta(days=1))
        r = await b.post(
            url, data=typed | {"value": "7", "effective_from": past, "confirmed": "yes"}
        )
        assert r.status_code == 422
        assert re.search(r'id="f-effective_from"[^>]*aria-invalid="true"', r.text)
        r = await b.post(url, data=typed | {"value": "7", "reason": " ", "confirmed": "yes"})
        assert r.status_code == 422 and re.search(r'id="f-reason"[^>]*aria-invalid="true"', r.text)
        assert await history(p, "bidding", "deposit_refund_working_days") == []

        ask = await b.post(url, data=typed | {"value": "7"})
        assert ask.status_code == 200 and "请确认" in ask.text and "县物价局批复" in ask.text
        assert await history(p, "bidding", "deposit_refund_working_days") == []
        done = await b.post(url, data=typed | {"value": "7", "confirmed": "yes"})
        assert done.status_code == 303, done.text
        (version,) = await history(p, "bidding", "deposit_refund_working_days")
        assert version["value"] == 7 and version["reason"] == "县物价局批复"
        one = await b.get(url)
        assert "第 1 版" in one.text and "县物价局批复" in one.text
        assert re.search(r'id="value-in-force"><code>7</code>', one.text)

        # a text-valued parameter (a rate) goes as typed
        rate = f"{PAGE}/bidding/service_fee_rate"
        done = await b.post(
            rate, data=typed | {"value": "0.01", "reason": "物价局核定", "confirmed": "yes"}
        )
        assert done.status_code == 303, done.text
        assert (await history(p, "bidding", "service_fee_rate"))[0]["value"] in ("0.01", "0.0100")

        # another department's parameter: its history, no form
        registry = await b.get(f"{PAGE}/registry/visit_interval_days")
        assert registry.status_code == 200 and 'id="change-parameter"' not in registry.text
        assert (await b.get(f"{PAGE}/registry/no_such_key")).status_code == 404
        assert (await b.get(f"{PAGE}/nowhere/x")).status_code == 404


async def test_X3_county_parameters_are_the_centres_page_only(embedded) -> None:
    async with embedded.browser() as b:
        assert (await b.get(PAGE)).status_code in (303, 401)
        await embedded.sign_in(b, "bank")
        assert (await b.get(PAGE)).status_code == 403
