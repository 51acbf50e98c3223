"""The one client of the registry's title search — 产权查档 (L4).

``GET {registry}/rights/{certificate_no}/title-search`` → ``TitleSearchResult``
(common/contracts/registry_api.py), through ``peer_client``: in-process in the embedded
run, over HTTP (``REX_REGISTRY_URL``) otherwise. A failed call is a clear refusal naming
L4 — never a silent pass.
"""

from __future__ import annotations

import httpx
from pydantic import ValidationError

from common.contracts.registry_api import TITLE_SEARCH_PATH, TitleSearchResult
from common.problems import Problem
from common.runtime import ServiceRuntime
from common.service_client import peer_client


def _unreachable(detail: str) -> Problem:
    return Problem(
        503,
        "registry-unreachable",
        "The registry's title search could not be completed; the pre-review is not passed",
        "无法完成登记机构产权查档，前置审核未通过",
        rule="L4",
        detail_en=f"title search failed: {detail}; retry when the registry answers",
        detail_zh="产权查档失败，请待登记机构恢复后重试",
    )


async def title_search(runtime: ServiceRuntime, certificate_no: str) -> TitleSearchResult | None:
    """The registry's title of a right; ``None`` when no right has that number (404)."""
    path = TITLE_SEARCH_PATH.format(certificate_no=certificate_no)
    try:
        async with peer_client(runtime, "registry") as client:
            response = await client.get(path)
    except (httpx.HTTPError, RuntimeError) as exc:
        raise _unreachable(f"{type(exc).__name__}: {exc}") from exc
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise _unreachable(f"registry answered {response.status_code}")
    try:
        return TitleSearchResult.model_validate(response.json())
    except (ValueError, ValidationError) as exc:
        raise _unreachable(f"unreadable answer: {exc}") from exc
