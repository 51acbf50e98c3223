"""Who may see which page — 页面访问 (X3), the portal's own first gate.

The services decide with the person's own token behind every page; these checks only
choose what to offer: sign in first, a buyer's pages for a buyer, the public's view for
everyone else (tests/access_matrix.toml, ``[portal]``)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from portal.session import Visitor, visitor


def sign_in_first(request: Request) -> Response:
    """To the sign-in page, and back to this page afterwards."""
    return RedirectResponse(f"/sign-in?next={quote(request.url.path)}", status_code=303)


def buyer_of(request: Request) -> Visitor | None:
    """The signed-in buyer (a person with the buyer role), or None."""
    me = visitor(request)
    return me if me.signed_in and me.role == "buyer" and me.party_id else None
