"""Bounded text for event contracts — 契约字段长度 (DOMAIN X1, X4).

Every string an event carries has a maximum length, so an event its producer accepts
always fits the consumer's column (issue 15: a 101-character value dead-lettered a
consumer's ``varchar(100)``). The bounds follow the database columns of the project:
``tests/test_contract_bounds.py`` checks every consumer column that stores a contract
field holds the contract's maximum. Building an event validates the bounds, so a
producer refuses an over-long value in its own request (a 422 naming the field), before
anything is published.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

__all__ = [
    "CertificateNo",
    "Code",
    "County",
    "DecimalText",
    "EntityId",
    "ListingRef",
    "LongName",
    "OrgRef",
    "PartyRef",
    "PersonName",
    "Reason",
    "Reference",
    "Subject",
    "Text300",
    "Township",
]

#: A row id of another service (listing, trade, registration, lien, disposal …).
EntityId = Annotated[str, Field(max_length=64)]
#: A listing's id (the listing service's keys are 32 characters; consumers derive
#: ``listing-<id>`` certificate keys from it, so it stays short).
ListingRef = Annotated[str, Field(max_length=32)]
#: A party: 18-character resident ID or unified social credit code (common.ids).
PartyRef = Annotated[str, Field(max_length=18)]
#: An organization id (bank, guarantor).
OrgRef = Annotated[str, Field(max_length=64)]
#: A person's or organization's name.
PersonName = Annotated[str, Field(max_length=100)]
#: A title or a collective's name.
LongName = Annotated[str, Field(max_length=200)]
#: The token subject of the staff member who decided.
Subject = Annotated[str, Field(max_length=100)]
#: Free text: why something was decided.
Reason = Annotated[str, Field(max_length=2000)]
#: A short machine code (product, reason code, status).
Code = Annotated[str, Field(max_length=40)]
#: County division code (6 digits).
County = Annotated[str, Field(max_length=6)]
#: Township code (9 digits).
Township = Annotated[str, Field(max_length=9)]
#: A certificate or contract number.
CertificateNo = Annotated[str, Field(max_length=64)]
#: A bank's payment reference.
Reference = Annotated[str, Field(max_length=100)]
#: A place description.
Text300 = Annotated[str, Field(max_length=300)]
#: A decimal number carried as text (area in mu, a rate).
DecimalText = Annotated[str, Field(max_length=24)]
