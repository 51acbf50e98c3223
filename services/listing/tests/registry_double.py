"""THE test double of the registry's title search — 产权查档 (L4).

One small FastAPI app serving ``GET /rights/{certificate_no}/title-search`` exactly as
``common/contracts/registry_api.py`` documents it, registered in tests as
``runtime.peer_apps["registry"]``. When the registry service lands, the lead swaps this
file for the real registry app; nothing else in the listing tests knows about it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from common.contracts.registry_api import TITLE_SEARCH_PATH, TitleSearchResult


class RegistryDouble:
    """Rights by certificate number; ``calls`` records each search and its bearer."""

    def __init__(self) -> None:
        self.rights: dict[str, TitleSearchResult] = {}
        self.calls: list[tuple[str, str]] = []
        self.fail_with: int | None = None  # answer every search with this status (outage)
        self.app = FastAPI(title="registry title-search double")

        @self.app.get(TITLE_SEARCH_PATH)
        async def title_search(certificate_no: str, request: Request) -> JSONResponse:
            auth = request.headers.get("authorization", "")
            self.calls.append((certificate_no, auth))
            if self.fail_with is not None:
                return JSONResponse({"title": "registry failing"}, status_code=self.fail_with)
            if not auth.startswith("Bearer "):
                return JSONResponse({"title": "token required"}, status_code=401)
            right = self.rights.get(certificate_no)
            if right is None:
                return JSONResponse(
                    {"title": "no such right", "status": 404},
                    status_code=404,
                    media_type="application/problem+json",
                )
            return JSONResponse(right.model_dump(mode="json"))

    def add_right(
        self,
        certificate_no: str,
        holder_party_id: str,
        holder_name: str = "李四",
        *,
        flags: dict[str, bool] | None = None,
        liens: list[dict] | None = None,
        right_type: str = "contracted_land",
    ) -> TitleSearchResult:
        right = TitleSearchResult.model_validate(
            {
                "certificate_no": certificate_no,
                "right_type": right_type,
                "holders": [{"party_id": holder_party_id, "name": holder_name}],
                "location": "青阳县木镇镇",
                "area_mu": "20",
                "flags": [
                    {"flag": f, "set": v, "reason": "登记记载"} for f, v in (flags or {}).items()
                ],
                "liens": liens or [],
                "searched_at": datetime.now(UTC),
            }
        )
        self.rights[certificate_no] = right
        return right
