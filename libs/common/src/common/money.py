"""Exact money — 金额 (DOMAIN X4).

Amounts are CNY held as integer fen (分, 0.01 元). Nothing here touches a float: floats
are refused, except that the ``Money``/``SignedMoney``/``Rate`` schema types accept a
JSON number when it is provably the decimal the client wrote (see *Float policy*).

Rounding rules (the project's written-down rule)
------------------------------------------------
1. Parsing never rounds. An amount with more than two significant decimal places
   (``"1.005"``) is refused; trailing zeros are not significant (``"1.500"`` is 1.50).
2. ``apply_rate`` (amount × rate, e.g. a fee or deposit) rounds once, to the fen,
   ROUND_HALF_UP — 四舍五入, the common Chinese banking convention: a remainder of
   exactly half a fen goes away from zero (0.5 分 → 1 分, −0.5 分 → −1 分).
3. Splitting an amount (``allocate``) never rounds each share on its own; it uses the
   largest-remainder (Hamilton) method so the parts always sum exactly to the whole:
     a. every part first gets floor(total × wᵢ / Σw), computed with exact fractions;
     b. the fen left over (always fewer than the number of parts) go one each to the
        parts with the largest fractional remainders;
     c. equal remainders: the lower index (the party listed earlier) goes first.
   A zero weight always gets 0. A negative total is split as its absolute value and
   every part negated, so a refund mirrors the charge fen for fen.
   Example: 100 fen over 1:1:1 → [34, 33, 33].

Float policy
------------
``to_fen`` refuses every float. The schema types accept a float (what pydantic makes
of a JSON number such as ``12.3``) only when its shortest round-trip text
(``repr``) has at most two decimal places (six for ``Rate``) and its magnitude is
below 10¹³ 元 (10⁹ for ``Rate``), so it has at most 15 significant digits: every
such decimal survives the trip through an IEEE double unchanged, hence the value is
exactly what the client wrote. ``0.1 + 0.2`` (``0.30000000000000004``) is refused.
Clients should send strings; responses always carry strings ("123.45").

Every refusal is a ``MoneyError`` (a ``ValueError``) whose text is
"English / 中文" and whose ``rule`` is "X4".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Final

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

__all__ = [
    "MAX_ABS_FEN",
    "Money",
    "MoneyError",
    "Rate",
    "SignedMoney",
    "allocate",
    "allocate_percentages",
    "apply_rate",
    "format_yuan",
    "from_fen",
    "parse_money",
    "parse_rate",
    "to_fen",
]

RULE: Final = "X4"
#: Largest magnitude in fen: PostgreSQL BIGINT, where amounts are stored.
MAX_ABS_FEN: Final = 2**63 - 1
_FLOAT_LIMIT_YUAN: Final = 10**13  # 13 integer + 2 decimal digits = 15 significant
_FLOAT_LIMIT_RATE: Final = 10**9  # 9 integer + 6 decimal digits = 15 significant
_RATE_PLACES: Final = 6
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)
_MAX_TEXT: Final = 64


class MoneyError(ValueError):
    """A refused amount or rate; ``str()`` is "English / 中文", ``rule`` is "X4"."""

    rule: str = RULE

    def __init__(self, code: str, message_en: str, message_zh: str) -> None:
        self.code = code
        self.message_en = message_en
        self.message_zh = message_zh
        super().__init__(f"{message_en} / {message_zh}")


def _err_places(what: str, places: int) -> MoneyError:
    if what == "rate":
        return MoneyError(
            "rate-decimal-places",
            f"rate must have at most {places} decimal places",
            f"费率最多{places}位小数",
        )
    return MoneyError(
        "money-decimal-places",
        "amount must have at most two decimal places",
        "金额最多两位小数",
    )


def _err_float(what: str) -> MoneyError:
    if what == "rate":
        return MoneyError(
            "rate-float",
            'rate must not be a float; send it as a string such as "0.012"',
            '费率不接受浮点数，请以字符串传递，如 "0.012"',
        )
    return MoneyError(
        "money-float",
        'amount must not be a float; send it as a string such as "12.30"',
        '金额不接受浮点数，请以字符串传递，如 "12.30"',
    )


def _err_format(what: str) -> MoneyError:
    if what == "rate":
        return MoneyError("rate-format", "rate is not a valid decimal number", "费率格式无效")
    return MoneyError("money-format", "amount is not a valid decimal number", "金额格式无效")


def _err_negative(what: str) -> MoneyError:
    if what == "rate":
        return MoneyError("rate-negative", "rate must not be negative", "费率不能为负数")
    return MoneyError("money-negative", "amount must not be negative", "金额不能为负数")


def _err_too_large(what: str) -> MoneyError:
    if what == "rate":
        return MoneyError("rate-too-large", "rate is too large", "费率超出允许范围")
    return MoneyError("money-too-large", "amount is too large", "金额超出允许范围")


def _to_decimal(value: object, what: str) -> Decimal:
    """str | int | Decimal → finite Decimal; no float, no bool, no rounding."""
    if isinstance(value, float):
        raise _err_float(what)
    if isinstance(value, bool):
        raise _err_format(what)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _err_format(what)
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) > _MAX_TEXT or not _NUMBER.fullmatch(text):
            raise _err_format(what)
        return Decimal(text)
    raise _err_format(what)


def _scaled_int(value: Decimal, places: int, what: str) -> int:
    """value × 10^places as an exact int, refusing anything that would need rounding.

    Exact rational arithmetic (``as_integer_ratio``, finite: checked by the caller), so no
    Decimal context (precision 28) can round it; it runs on every amount of every request
    and response.
    """
    if value.adjusted() > 40:  # far beyond BIGINT fen; avoid building huge ints
        raise _err_too_large(what)
    numerator, denominator = value.as_integer_ratio()
    scaled, rest = divmod(numerator * 10**places, denominator)
    if rest:
        raise _err_places(what, places)
    return scaled


def _float_to_decimal(value: float, what: str, limit: int, places: int) -> Decimal:
    """The float policy: accept only a float that is provably a short decimal."""
    if value != value or value in (float("inf"), float("-inf")):
        raise _err_format(what)
    if abs(value) >= limit:
        if what == "rate":
            raise MoneyError(
                "rate-float-too-large",
                "a rate sent as a JSON number must be below 10^9; send it as a string",
                "以数字传递的费率须小于10^9，请以字符串传递",
            )
        raise MoneyError(
            "money-float-too-large",
            "an amount sent as a JSON number must be below 10^13 yuan; send it as a string",
            "以数字传递的金额须小于10^13元，请以字符串传递",
        )
    exact = Decimal(repr(value))  # shortest text that round-trips to this double
    _scaled_int(exact, places, what)  # raises when it has too many places
    return exact


def to_fen(amount: Decimal | str | int) -> int:
    """Yuan (str, int or Decimal) → integer fen; refuses floats and >2 decimal places."""
    fen = _scaled_int(_to_decimal(amount, "amount"), 2, "amount")
    if abs(fen) > MAX_ABS_FEN:
        raise _err_too_large("amount")
    return fen


def from_fen(fen: int) -> Decimal:
    """Integer fen → yuan as a Decimal with exactly two places (12 → Decimal("0.12"))."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError("fen must be an int")
    return Decimal(f"{fen}E-2")  # exact: built from text, no context rounding


def fen_text(fen: int) -> str:
    """Integer fen → an amount's wire text, exactly as ``Money`` dumps it (1250 → "12.50"),
    for answers written without a response model (common.hot)."""
    yuan, cents = divmod(abs(fen), 100)
    return f"{'-' if fen < 0 else ''}{yuan}.{cents:02d}"


def format_yuan(fen: int) -> str:
    """Integer fen → "1,234.56" (thousands separators, two places, leading "-")."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError("fen must be an int")
    yuan, cents = divmod(abs(fen), 100)
    return f"{'-' if fen < 0 else ''}{yuan:,}.{cents:02d}"


# --- pydantic schema types ---------------------------------------------------------


def parse_fen(value: Any, *, signed: bool = False) -> int:
    """Validate an input amount (float policy applies) → integer fen."""
    if isinstance(value, float):
        value = _float_to_decimal(value, "amount", _FLOAT_LIMIT_YUAN, 2)
    fen = to_fen(value)
    if fen < 0 and not signed:
        raise _err_negative("amount")
    return fen


def parse_money(value: Any, *, signed: bool = False) -> Decimal:
    """Validate an input amount (float policy applies) → Decimal with two places."""
    return from_fen(parse_fen(value, signed=signed))


def _parse_signed_money(value: Any) -> Decimal:
    return parse_money(value, signed=True)


def parse_rate(value: Any) -> Decimal:
    """Validate an input rate (a fraction: 1.2% is "0.012"), ≥ 0, ≤ 6 decimal places."""
    if isinstance(value, float):
        value = _float_to_decimal(value, "rate", _FLOAT_LIMIT_RATE, _RATE_PLACES)
    dec = _to_decimal(value, "rate")
    micro = _scaled_int(dec, _RATE_PLACES, "rate")
    if micro < 0:
        raise _err_negative("rate")
    places = _RATE_PLACES
    while places and micro % 10 == 0:
        micro //= 10
        places -= 1
    return Decimal(f"{micro}E-{places}")  # exact, trailing zeros dropped


def _dump_decimal(value: Decimal) -> str:
    return format(value, "f")


def _dump_money(value: Decimal) -> str:
    return format(from_fen(to_fen(value)), "f")


def _sent_as_text(pattern: str, example: str, description: str) -> WithJsonSchema:
    """The JSON schema of a decimal sent as a string (never a JSON number, which a client
    may read as a float)."""
    return WithJsonSchema(
        {"type": "string", "pattern": pattern, "examples": [example], "description": description}
    )


_MONEY_PATTERN = r"^[0-9]+(\.[0-9]{1,2})?$"
_SIGNED_PATTERN = r"^-?[0-9]+(\.[0-9]{1,2})?$"

#: Non-negative CNY amount in yuan, ≤ 2 decimal places; dumps as "123.45".
Money = Annotated[
    Decimal,
    PlainValidator(parse_money),
    PlainSerializer(_dump_money, return_type=str),
    _sent_as_text(
        _MONEY_PATTERN, "1234.56", "CNY yuan, at most two decimal places, sent as a string"
    ),
]

#: CNY amount that may be negative (ledger deltas); same rules as ``Money``.
SignedMoney = Annotated[
    Decimal,
    PlainValidator(_parse_signed_money),
    PlainSerializer(_dump_money, return_type=str),
    _sent_as_text(
        _SIGNED_PATTERN, "-12.30", "signed CNY yuan, at most two decimal places, sent as a string"
    ),
]

#: Non-negative rate as a fraction (1.2% = "0.012"), ≤ 6 decimal places.
Rate = Annotated[
    Decimal,
    PlainValidator(parse_rate),
    PlainSerializer(_dump_decimal, return_type=str),
    _sent_as_text(
        r"^[0-9]+(\.[0-9]{1,6})?$",
        "0.012",
        "rate as a fraction (1.2% = 0.012), at most six decimal places",
    ),
]


# --- arithmetic --------------------------------------------------------------------


def _exact(value: object, what: str) -> Fraction:
    """int | Decimal | Fraction → Fraction; refuses float, bool and non-finite values."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"{what} must be int, Decimal or Fraction, not {type(value).__name__}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{what} must be finite")
        return Fraction(value)
    if isinstance(value, int | Fraction):
        return Fraction(value)
    raise TypeError(f"{what} must be int, Decimal or Fraction, not {type(value).__name__}")


def _check_fen(fen: object, name: str) -> int:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"{name} must be an int number of fen")
    return fen


def apply_rate(fen: int, rate: Decimal | int | Fraction) -> int:
    """fen × rate rounded to the fen ROUND_HALF_UP (四舍五入, half away from zero).

    Exact arithmetic; ``rate`` is a non-negative fraction (1.2% = Decimal("0.012")).
    """
    _check_fen(fen, "fen")
    r = _exact(rate, "rate")
    if r < 0:
        raise _err_negative("rate")
    product = Fraction(fen) * r
    whole, rest = divmod(abs(product.numerator), product.denominator)
    if 2 * rest >= product.denominator:
        whole += 1
    return -whole if product < 0 else whole


def allocate(total_fen: int, weights: Sequence[int | Decimal | Fraction]) -> list[int]:
    """Split ``total_fen`` in proportion to ``weights`` — 按比例分配 (largest remainder).

    The parts always sum to ``total_fen``; see the module docstring for the rule.
    Raises ValueError for no weights, a negative weight, or all weights zero.
    """
    _check_fen(total_fen, "total_fen")
    if len(weights) == 0:
        raise ValueError("allocate needs at least one weight")
    exact = [_exact(w, "weight") for w in weights]
    if any(w < 0 for w in exact):
        raise ValueError("allocation weights must not be negative")
    weight_sum = sum(exact, Fraction(0))
    if weight_sum == 0:
        raise ValueError("allocation weights must not all be zero")
    magnitude = abs(total_fen)
    floors: list[int] = []
    remainders: list[Fraction] = []
    for w in exact:
        share = magnitude * w / weight_sum
        floor = share.numerator // share.denominator
        floors.append(floor)
        remainders.append(share - floor)
    leftover = magnitude - sum(floors)  # 0 ≤ leftover < number of positive remainders
    order = sorted(range(len(exact)), key=lambda i: (-remainders[i], i))
    for i in order[:leftover]:
        floors[i] += 1
    return [-p for p in floors] if total_fen < 0 else floors


def allocate_percentages(total_fen: int, percents: Sequence[Decimal | int]) -> list[int]:
    """``allocate`` with percentages that must sum to exactly 100 (e.g. 50/20/30)."""
    exact = [_exact(p, "percent") for p in percents]
    if sum(exact, Fraction(0)) != 100:
        raise ValueError("percentages must sum to exactly 100")
    return allocate(total_fen, exact)
