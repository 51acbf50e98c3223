"""X4: every framework validation error says its reason in Chinese too (message_zh), with
its context filled in — never pydantic's English copied into the Chinese field."""

from __future__ import annotations

import re
import typing
import uuid
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

import httpx
import pytest
from fastapi import FastAPI, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from pydantic_core.core_schema import ErrorType

from common.money import Money
from common.problems import install_problem_handlers
from common.validation_zh import MESSAGES_ZH, message_zh

CJK = re.compile(r"[\u4e00-\u9fff]")


class Way(Enum):
    transfer = "transfer"
    lease = "lease"


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2, max_length=5)
    code: str = Field("123456", pattern=r"^[0-9]{6}$")
    count: int = Field(1, ge=1, le=10)
    kind: Literal["farm", "forest"] = "farm"
    flag: bool = False
    day: date | None = None
    at: AwareDatetime | None = None
    ref: uuid.UUID | None = None
    items: list[int] = Field(default_factory=list, max_length=2)
    ratio: Decimal | None = Field(None, max_digits=4, decimal_places=2)
    share: float | None = None
    amount: Money | None = None
    way: Way | None = None


app = FastAPI()
install_problem_handlers(app)


@app.post("/t")
async def endpoint(body: Body, page: Annotated[int, Query(ge=0, le=9)] = 0) -> dict[str, Any]:
    return {}


async def _errors(**kw: Any) -> list[dict[str, str]]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        r = await c.post("/t", **kw)
    assert r.status_code == 422, r.text
    return r.json()["errors"]


def test_X4_every_pydantic_error_type_has_a_chinese_message() -> None:
    types = set(typing.get_args(ErrorType))
    assert types - set(MESSAGES_ZH) == set()
    assert all(CJK.search(text) for text in MESSAGES_ZH.values())


CASES: list[tuple[str, dict[str, Any], str]] = [
    ("missing", {}, "缺少必填字段"),
    ("string_too_short", {"name": "a"}, "至少为 2 个字符"),
    ("string_too_long", {"name": "abcdefg"}, "最多为 5 个字符"),
    ("string_type", {"name": 5}, "应为字符串"),
    ("string_pattern_mismatch", {"name": "ab", "code": "12"}, "^[0-9]{6}$"),
    ("int_parsing", {"name": "ab", "count": "x"}, "应为整数"),
    ("int_from_float", {"name": "ab", "count": 1.5}, "小数"),
    ("greater_than_equal", {"name": "ab", "count": 0}, "大于或等于 1"),
    ("less_than_equal", {"name": "ab", "count": 11}, "小于或等于 10"),
    ("literal_error", {"name": "ab", "kind": "sea"}, "'farm'、'forest'"),
    ("enum", {"name": "ab", "way": "gift"}, "'transfer'、'lease'"),
    ("bool_parsing", {"name": "ab", "flag": "maybe"}, "布尔值"),
    ("date_from_datetime_parsing", {"name": "ab", "day": "2026-13-01"}, "日期"),
    ("datetime_parsing", {"name": "ab", "at": "yesterday"}, "日期时间"),
    ("timezone_aware", {"name": "ab", "at": "2026-01-01T08:00:00"}, "时区"),
    ("uuid_parsing", {"name": "ab", "ref": "nope"}, "UUID"),
    ("list_type", {"name": "ab", "items": 3}, "列表"),
    ("too_long", {"name": "ab", "items": [1, 2, 3]}, "最多允许 2 项"),
    ("decimal_max_places", {"name": "ab", "ratio": "1.234"}, "小数最多 2 位"),
    ("decimal_parsing", {"name": "ab", "ratio": "x"}, "十进制数"),
    ("float_parsing", {"name": "ab", "share": "x"}, "数值"),
    ("extra_forbidden", {"name": "ab", "surplus": 1}, "多余字段"),
    ("value_error", {"name": "ab", "amount": "1.001"}, "金额最多两位小数"),  # our own 中文
]


@pytest.mark.parametrize(("kind", "body", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_X4_a_framework_validation_error_has_its_chinese_message(
    kind: str, body: dict[str, Any], expected: str
) -> None:
    errors = await _errors(json=body)
    assert errors, body
    for error in errors:
        assert CJK.search(error["message_zh"]), error
        assert error["message_zh"] != error["message"]
    assert any(expected in e["message_zh"] for e in errors), (kind, errors)


async def test_X4_invalid_json_and_a_non_object_body_have_chinese_messages() -> None:
    [error] = await _errors(content=b'{"name": ', headers={"content-type": "application/json"})
    assert (error["field"], error["message_zh"]) == ("body", "JSON 格式无效")
    [error] = await _errors(json=[1, 2])
    assert CJK.search(error["message_zh"]) and error["message_zh"] != error["message"]


async def test_X4_a_query_parameter_error_has_a_chinese_message() -> None:
    [error] = await _errors(json={"name": "ab"}, params={"page": "99"})
    assert (error["field"], error["message_zh"]) == ("page", "应小于或等于 9")


def test_unknown_context_keys_never_break_a_refusal() -> None:
    assert message_zh("string_too_long", None) == "长度最多为  个字符"
    assert message_zh("a_type_from_the_future", {}) == "取值无效"
