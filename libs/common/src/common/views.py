"""Responses built from rows — 视图: a response schema filled from an ORM row by name.

An area's ``*_out`` function names only what it computes (amounts in 元 from the row's
fen, masked names, nested lists); every other field of the schema is the row's
attribute of the same name. A field the row lacks and the caller does not give is an
error at once (``AttributeError``), never a silent default.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel

from common.money import from_fen

_Schema = TypeVar("_Schema", bound=BaseModel)


def view_of(schema: type[_Schema], row: object, **computed: Any) -> _Schema:
    """``schema`` with each field from ``computed`` when given there, else from ``row``'s
    attribute of the same name."""
    return schema.model_validate(
        {
            name: computed[name] if name in computed else getattr(row, name)
            for name in schema.model_fields
        }
    )


def yuan(fen: int | None) -> Decimal | None:
    """An optional amount in 元 (``None`` stays ``None``): a nullable fen column's view."""
    return None if fen is None else from_fen(fen)
