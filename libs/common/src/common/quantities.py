"""Bounded quantities — 数量的取值范围: every number a request carries has a domain bound
and a precision (DOMAIN X4), so ``1e308``, ``10**400`` or ``"1e999999"`` is a 422 naming
the field, never a stored 10^39, an overflowing column or a Fraction of a million digits.

Use these in request schemas instead of a bare ``Decimal``/``int``; a field may narrow
further with its own ``Field(gt=0, ...)`` (both apply). The bounds are written in
docs/foundation.md. Money and rates are ``common.money``'s.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import Field

# Land: a listing or right is at most a whole township's land; 4 decimals of a mu
# (0.07 m²) as the registry records it, 2 decimals of a m². An area must also be above 0:
# a field says so with Field(gt=0), or the service checks it under its own rule (the
# listing's L2, named together with the listing's other L2 refusals).
AreaMu = Annotated[
    Decimal,
    Field(ge=0, le=Decimal(1_000_000), max_digits=11, decimal_places=4, allow_inf_nan=False),
]
AreaM2 = Annotated[
    Decimal,
    Field(gt=0, le=Decimal(100_000_000), max_digits=11, decimal_places=2, allow_inf_nan=False),
]
# Years of a term, a use or an age (a land contract runs at most 70 years), to 2 decimals.
Years = Annotated[
    Decimal, Field(ge=0, le=Decimal(100), max_digits=5, decimal_places=2, allow_inf_nan=False)
]
# A physical quantity of an item (m², m³, mu, pieces): at most ten million, 4 decimals.
Quantity = Annotated[
    Decimal,
    Field(ge=0, le=Decimal(10_000_000), max_digits=12, decimal_places=4, allow_inf_nan=False),
]
# A length in metres (a greenhouse's height), to the centimetre.
Metres = Annotated[
    Decimal, Field(gt=0, le=Decimal(1000), max_digits=6, decimal_places=2, allow_inf_nan=False)
]
Percent = Annotated[
    Decimal, Field(ge=0, le=Decimal(100), max_digits=7, decimal_places=4, allow_inf_nan=False)
]
Days = Annotated[int, Field(ge=1, le=366)]  # a period in days, at most a year
Months = Annotated[int, Field(ge=1, le=600)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]  # people, votes, items
Version = Annotated[int, Field(ge=1, le=2_147_483_647)]  # a row version (a 32-bit column)


#: 1 亩 = 666.67 m²: DOMAIN's units, the seeds' own conversion (2580 元/m² = 172.00 万元/亩);
#: every service converts with this one number, never with 2000/3.
M2_PER_MU = Decimal("666.67")
MU_PLACES = Decimal("0.0001")


def mu_of_m2(m2: Decimal) -> Decimal:
    """An area in m² as 亩 (mu), to the ledger's four places, rounded half up once."""
    return (m2 / M2_PER_MU).quantize(MU_PLACES, ROUND_HALF_UP)
