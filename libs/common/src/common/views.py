"""Response views — 视图: a response schema built from a row.

An area's view copies a row's columns into its response schema under the same names and
computes the rest (an amount in yuan from its fen — ``yuan`` —, a nested list, a flag a
rule decides). ``view_of`` does the copying once, so a view names only what it
computes; a schema that only copies says ``from_attributes`` and is validated from the
row itself. A required field neither on the row nor computed fails validation at once,
never a silent default.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel

from common.money import from_fen

_View = TypeVar("_View", bound=BaseModel)


def view_of(schema: type[_View], row: object, **computed: Any) -> _View:
    """``schema`` of ``row``: each field the row's attribute of the same name, but for
    the ``computed`` ones; a field the row has no attribute for keeps its default."""
    unknown = computed.keys() - schema.model_fields.keys()
    if unknown:  # a misspelt field would silently fall back to the row's value
        raise TypeError(f"{schema.__name__} has no field {', '.join(sorted(unknown))}")
    values = {name: getattr(row, name) for name in schema.model_fields if hasattr(row, name)}
    return schema.model_validate(values | computed)


def yuan(fen: int | None) -> Decimal | None:
    """An optional amount in 元 (``None`` stays ``None``): a nullable fen column's view."""
    return None if fen is None else from_fen(fen)
