"""The guarantee service in the embedded run (SQLite files, in-process events): a
blacklisting over HTTP reaches another service once (X1, G11)."""

from __future__ import annotations

import httpx
from guarantee_helpers import GUARANTOR, ok

from common.ids import generate_resident_id
from testkit.testing import (
    applied,
    blacklisting_services,
    embedded_app,
    make_settings,
    wait_until,
)


async def test_G11_embedded_blacklisting_reaches_the_listing_side_once(
    tmp_path, services: dict
) -> None:
    settings = make_settings(data_dir=tmp_path)
    app = await embedded_app(settings, blacklisting_services(services))
    party = generate_resident_id("620821")
    async with app.router.lifespan_context(app):
        listing = app.state.runtimes["listing"]
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as c:
            body = {"party_id": party, "party_name": "张三", "reason": "恶意逃废债务"}
            ok(await c.post("/guarantee/blacklist", json=body, headers=GUARANTOR), 201)
            await wait_until(lambda: applied(listing, party), 10, "in-process delivery")
            again = await c.post("/guarantee/blacklist", json=body, headers=GUARANTOR)
            assert again.status_code == 409
            assert (await c.get("/guarantee/readyz")).status_code == 200
        assert await applied(listing, party) == 1
