"""Timestamps a person reads are Asia/Shanghai with their offset (+08:00); the instant is
unchanged and what is stored stays UTC."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone

import httpx
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from common.localtime import LocalTimestamps, local_timestamps
from common.problems import Problem, install_problem_handlers

AT = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def test_utc_timestamps_become_the_same_instant_in_plus_0800() -> None:
    body = (
        b'{"a":"2026-03-01T02:00:00Z","b":"2026-03-01T20:30:00.250000+00:00",'
        b'"c":"2026-03-01T10:00:00+08:00","d":"2026-03-01","e":"not 2026-03-01T02:00:00Z"}'
    )
    assert local_timestamps(body) == (
        b'{"a":"2026-03-01T10:00:00+08:00","b":"2026-03-02T04:30:00.250000+08:00",'
        b'"c":"2026-03-01T10:00:00+08:00","d":"2026-03-01","e":"not 2026-03-01T02:00:00Z"}'
    )


class Out(BaseModel):
    at: datetime
    nested: list[datetime]


app = FastAPI()
install_problem_handlers(app)
app.add_middleware(LocalTimestamps)


@app.get("/model", response_model=Out)
async def model() -> Out:
    return Out(at=AT, nested=[AT + timedelta(hours=16)])


@app.get("/dict")
async def plain() -> dict[str, str]:
    return {"at": AT.isoformat()}


@app.get("/problem")
async def problem() -> None:
    raise Problem(409, "late", "Too late", "太迟", extra={"deadline": AT.isoformat()})


@app.get("/stream")
async def stream() -> StreamingResponse:
    async def events() -> AsyncIterator[bytes]:
        yield f'data: {{"server_time": "{AT.isoformat()}"}}\n\n'.encode()

    return StreamingResponse(events(), media_type="text/event-stream")


async def _get(path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        return await c.get(path)


async def test_api_answers_show_timestamps_in_beijing_time() -> None:
    r = await _get("/model")
    assert r.json() == {"at": "2026-03-01T10:00:00+08:00", "nested": ["2026-03-02T02:00:00+08:00"]}
    assert int(r.headers["content-length"]) == len(r.content)
    assert datetime.fromisoformat(r.json()["at"]) == AT
    assert datetime.fromisoformat(r.json()["at"]).utcoffset() == timedelta(hours=8)
    assert (await _get("/dict")).json() == {"at": "2026-03-01T10:00:00+08:00"}
    r = await _get("/problem")
    assert r.status_code == 409 and r.json()["deadline"] == "2026-03-01T10:00:00+08:00"
    assert b"2026-03-01T10:00:00+08:00" in (await _get("/stream")).content


def test_a_timestamp_already_in_another_offset_is_left_as_sent() -> None:
    other = datetime(2026, 3, 1, 2, 0, tzinfo=timezone(timedelta(hours=-5))).isoformat()
    body = f'"{other}"'.encode()
    assert local_timestamps(body) == body
