"""Bounded integers for path and query parameters — 参数边界 (DOMAIN X4).

An unbounded ``int`` parameter lets ``/visits/9223372036854775808`` reach the database
driver, which cannot bind it (``OverflowError``, a 500). Every integer path or query
parameter uses one of these types, so an out-of-range value is a 422 problem naming the
parameter, and the bound is in the OpenAPI schema (``maximum``) for clients.

Use them as the annotation itself — ``visit_id: RowId`` or
``limit: Annotated[PageInt, Query()]`` — never as ``x: RowId = Query(...)``: FastAPI
drops an ``Annotated`` type's constraints when the default is a ``Query()``/``Form()``.
"""

from __future__ import annotations

from typing import Annotated, Final

from pydantic import Field

__all__ = ["INT4_MAX", "INT8_MAX", "Int4RowId", "RowId"]

#: PostgreSQL BIGINT (int8) and INTEGER (int4) maxima.
INT8_MAX: Final = 2**63 - 1
INT4_MAX: Final = 2**31 - 1

#: The id of a row whose key is a BIGINT (``BigId`` columns).
RowId = Annotated[int, Field(ge=1, le=INT8_MAX, description="Row id (1 … 2^63-1)")]
#: The id of a row whose key is an INTEGER column (PostgreSQL int4).
Int4RowId = Annotated[int, Field(ge=1, le=INT4_MAX, description="Row id (1 … 2^31-1)")]
