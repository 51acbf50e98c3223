"""The ascending engine's rules — 竞价规则 (DOMAIN B2, B3, B4 auction), pure.

``judge_bid`` decides one bid against the session's state at the server's time; the
service calls it while holding the session's row lock, so its answer is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from common.money import format_yuan
from common.problems import FieldProblem, Problem, invalid


@dataclass(frozen=True)
class BookState:
    status: str
    reserve_fen: int
    increment_fen: int
    best_fen: int | None
    leader_party_id: str | None
    leader_priority: bool
    free_ends_at: datetime
    ends_at: datetime
    extension_s: int


@dataclass(frozen=True)
class Accepted:
    amount_fen: int
    priority_match: bool
    ends_at: datetime
    extended: bool


def _conflict(code: str, rule: str, en: str, zh: str, **extra: object) -> Problem:
    return Problem(409, code, en, zh, rule=rule, extra=dict(extra))


def minimum_next(state: BookState) -> int:
    """The lowest amount an ordinary bidder may bid now (B2)."""
    return state.reserve_fen if state.best_fen is None else state.best_fen + state.increment_fen


def judge_bid(
    state: BookState, party_id: str, priority: bool, amount_fen: int, now: datetime
) -> Accepted:
    """Accept or refuse a bid; a refusal is a Problem and changes nothing."""
    if state.status == "suspended":
        raise _conflict("trade-suspended", "L12", "The trade is suspended", "交易已中止")
    if state.status == "awaiting_auctioneer":
        raise _conflict(
            "auction-not-open", "B4", "The auctioneer has not opened the auction", "拍卖师尚未开拍"
        )
    if state.status != "bidding" or now >= state.ends_at:
        # The server's clock at the row lock decides, whether or not the close has run.
        raise _conflict(
            "bidding-ended",
            "B2",
            "Bidding has ended",
            "竞价已结束",
            ends_at=state.ends_at.isoformat(),
        )
    rest = (amount_fen - state.reserve_fen) % state.increment_fen
    if amount_fen < state.reserve_fen or rest:
        raise invalid(
            [
                FieldProblem(
                    "amount",
                    "B2",
                    f"a bid is the starting price {format_yuan(state.reserve_fen)} plus a whole "
                    f"number of increments of {format_yuan(state.increment_fen)}",
                    f"报价须为起始价{format_yuan(state.reserve_fen)}元加整数个加价幅度"
                    f"{format_yuan(state.increment_fen)}元",
                )
            ],
            rule="B2",
        )
    if state.leader_party_id == party_id:
        raise _conflict(
            "leader-may-not-outbid-itself",
            "B2",
            "You already lead; you may not outbid yourself",
            "您当前报价最高，不能自己加价",
        )
    matches = (
        priority
        and state.best_fen is not None
        and amount_fen == state.best_fen
        and not state.leader_priority
    )
    if not matches and amount_fen < minimum_next(state):
        rule = "B3" if state.leader_priority or priority else "B2"
        raise _conflict(
            "bid-too-low",
            rule,
            f"A bid must now be at least {format_yuan(minimum_next(state))}",
            f"报价须不低于{format_yuan(minimum_next(state))}元",
            minimum=format_yuan(minimum_next(state)).replace(",", ""),
        )
    ends_at, extended = state.ends_at, False
    if now >= state.free_ends_at:  # timed period: every valid bid restarts the countdown
        ends_at = now + timedelta(seconds=state.extension_s)
        extended = ends_at != state.ends_at
    return Accepted(amount_fen, bool(matches), ends_at, extended)
