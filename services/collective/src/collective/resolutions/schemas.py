"""Requests and views of collective resolutions — 四议两公开 (X5)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Step = Literal["proposal", "consultation", "party_review", "vote"]
Matter = Literal[
    "homestead_qualification", "homestead_inventory", "homestead", "land_entry", "land_mortgage"
]


class StepIn(BaseModel):
    """One deliberation: when, which body, how many were entitled and came, the votes and
    the SHA-256 of the signed minutes (会议记录)."""

    step: Step
    held_on: date
    body: str = Field(min_length=1, max_length=200, description="The body that met.")
    eligible: int = Field(ge=1, le=100_000, description="Entitled to attend (应到).")
    attendance: int = Field(ge=0, le=100_000, description="Attended (实到).")
    votes_for: int = Field(ge=0, le=100_000)
    votes_against: int = Field(0, ge=0, le=100_000)
    abstained: int = Field(0, ge=0, le=100_000)
    minutes_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class ResolutionIn(BaseModel):
    collective_id: str = Field(min_length=1, max_length=64)
    matter: Matter
    title: str = Field(min_length=1, max_length=200)
    subject_ref: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="What is decided on: for land_mortgage (R15) the right's certificate no.",
    )
    proposal: StepIn = Field(description="The first deliberation (村党组织提议).")


class ObjectionIn(BaseModel):
    raised_by: str = Field(min_length=1, max_length=100, description="Who objects.")
    text: str = Field(min_length=1, max_length=4000)


class AnswerIn(BaseModel):
    uphold: bool = Field(description="True: the objection stands and the resolution falls.")
    answer: str = Field(min_length=1, max_length=4000)


class ResultIn(BaseModel):
    summary: str = Field(min_length=1, max_length=4000, description="What was implemented.")
    published_on: date


class StepOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    step: str
    held_on: date
    body: str
    eligible: int
    attendance: int
    votes_for: int
    votes_against: int
    abstained: int
    minutes_sha256: str
    passed: bool
    recorded_by: str
    recorded_at: datetime


class ObjectionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    raised_by: str
    text: str
    status: str
    answer: str | None
    raised_at: datetime
    answered_at: datetime | None


class ResolutionOut(BaseModel):
    id: str
    collective_id: str
    county: str
    township: str
    matter: str
    title: str
    subject_ref: str | None = None
    threshold: str
    status: str
    actionable: bool = Field(description="Passed, published and unopposed: it may be acted on.")
    publicity_ends_at: datetime | None
    result_summary: str | None
    result_published_on: date | None
    steps: list[StepOut]
    objections: list[ObjectionOut]
    created_at: datetime
