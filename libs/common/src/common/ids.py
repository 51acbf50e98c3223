"""Identity numbers — 证件号码: resident ids, unified social credit codes, masking.

* Resident identity number — 公民身份号码 (GB 11643-1999): 18 characters, the 6-digit
  region code (first digit 1–9), the birth date YYYYMMDD (a real date, 1900-01-01 up
  to today in Asia/Shanghai), a 3-digit sequence and an ISO 7064 MOD 11-2 check
  character (digit or "X"; lowercase "x" is accepted and upper-cased). The old
  15-digit first-generation numbers are refused.
* Unified social credit code — 统一社会信用代码 (GB 32100-2015): 18 characters from
  "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, Z, S, V), upper-cased on input:
  registration authority (1–9, A, N, Y), entity category (1–9), 6-digit region code,
  9-character organisation code (主体标识码, GB 11714: 8 characters + its own MOD 11
  check character, digit or "X") and the MOD 31 check character.
* Masking for public views — 脱敏 (DOMAIN L14): resident ids keep the first 6 and
  last 4 characters, names keep the family name, phones keep 3 + 4 digits. A legal
  person's credit code is public in China (国家企业信用信息公示系统), so it is shown
  unmasked.

Every refusal is an ``IdNumberError`` (a ``ValueError``) whose text is
"English / 中文" and whose ``part`` names what is wrong.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Final

from pydantic import AfterValidator, WithJsonSchema

from common.clock import local_date

__all__ = [
    "CREDIT_CODE_CHARSET",
    "CreditCode",
    "IdNumberError",
    "PartyId",
    "PartyKind",
    "ResidentId",
    "generate_credit_code",
    "generate_resident_id",
    "mask_credit_code",
    "mask_name",
    "mask_party_id",
    "mask_phone",
    "mask_resident_id",
    "party_kind",
    "validate_credit_code",
    "validate_party_id",
    "validate_resident_id",
]

_DIGITS: Final = "0123456789"
_RID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RID_CHECK: Final = "10X98765432"
_EARLIEST_BIRTH: Final = date(1900, 1, 1)

CREDIT_CODE_CHARSET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_VALUE: Final = {c: i for i, c in enumerate(CREDIT_CODE_CHARSET)}
_CC_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CC_AUTHORITIES: Final = "123456789ANY"
_ORG_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)
_FORBIDDEN: Final = "IOZSV"


class IdNumberError(ValueError):
    """A refused identity number; ``str()`` is "English / 中文"."""

    rule: str = "X4"

    def __init__(self, part: str, message_en: str, message_zh: str) -> None:
        self.part = part
        self.message_en = message_en
        self.message_zh = message_zh
        super().__init__(f"{message_en} / {message_zh}")


def _today() -> date:
    return local_date(datetime.now(UTC))


# --- resident identity number (公民身份号码) -----------------------------------------


def _rid_check_char(body17: str) -> str:
    return _RID_CHECK[sum(int(c) * w for c, w in zip(body17, _RID_WEIGHTS, strict=True)) % 11]


def validate_resident_id(value: str, *, today: date | None = None) -> str:
    """Validate an 18-character resident identity number; returns it upper-cased."""
    if not isinstance(value, str):
        raise IdNumberError("type", "resident id must be a string", "身份证号必须为字符串")
    text = value.strip().upper()
    if len(text) == 15 and all(c in _DIGITS for c in text):
        raise IdNumberError(
            "length",
            "15-digit first-generation ids are not accepted; use the 18-character number",
            "不接受15位一代身份证号，请使用18位号码",
        )
    if len(text) != 18:
        raise IdNumberError(
            "length",
            f"resident id must have 18 characters, got {len(text)}",
            f"身份证号应为18位，实际为{len(text)}位",
        )
    if not all(c in _DIGITS for c in text[:17]):
        raise IdNumberError(
            "charset", "the first 17 characters must be digits", "身份证号前17位必须为数字"
        )
    if text[17] not in _DIGITS + "X":
        raise IdNumberError(
            "charset", "the last character must be a digit or X", "身份证号末位必须为数字或X"
        )
    if text[0] == "0":
        raise IdNumberError(
            "region", "the region code must start with 1-9", "身份证号地址码首位必须为1-9"
        )
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise IdNumberError(
            "birth_date",
            f"the birth date {text[6:14]} is not a real date",
            f"出生日期{text[6:14]}不是有效日期",
        ) from None
    if birth < _EARLIEST_BIRTH:
        raise IdNumberError("birth_date", "the birth date is before 1900", "出生日期早于1900年")
    if birth > (today or _today()):
        raise IdNumberError("birth_date", "the birth date is in the future", "出生日期晚于今天")
    if text[17] != _rid_check_char(text[:17]):
        raise IdNumberError(
            "check_digit",
            "the check character is wrong (mistyped number?)",
            "身份证号校验码错误（号码可能输错）",
        )
    return text


def generate_resident_id(
    region: str = "110101",
    birth: date | None = None,
    seq: int | None = None,
    rng: random.Random | None = None,
) -> str:
    """A valid resident id; parts left out are drawn from ``rng`` (tests, demo data).

    ``seq`` is the 3-digit sequence code 0–999 (odd: male, even: female).
    """
    rng = rng or random.Random()
    if len(region) != 6 or not all(c in _DIGITS for c in region) or region[0] == "0":
        raise ValueError("region must be 6 digits starting with 1-9")
    if birth is None:
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
    if seq is None:
        seq = rng.randrange(1000)
    if not 0 <= seq <= 999:
        raise ValueError("seq must be in 0..999")
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return validate_resident_id(body + _rid_check_char(body))


# --- unified social credit code (统一社会信用代码) ------------------------------------


def _org_check_char(body8: str) -> str:
    """GB 11714 organisation-code check: 11 − (Σ mod 11); 10 → X, 11 → 0."""
    total = sum(int(c, 36) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def _cc_check_char(body17: str) -> str:
    total = sum(_CC_VALUE[c] * w for c, w in zip(body17, _CC_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """Validate an 18-character unified social credit code; returns it upper-cased."""
    if not isinstance(value, str):
        raise IdNumberError("type", "credit code must be a string", "统一社会信用代码必须为字符串")
    text = value.strip().upper()
    if len(text) != 18:
        raise IdNumberError(
            "length",
            f"credit code must have 18 characters, got {len(text)}",
            f"统一社会信用代码应为18位，实际为{len(text)}位",
        )
    for pos, c in enumerate(text, start=1):
        if c in _FORBIDDEN:
            raise IdNumberError(
                "charset",
                f"character {pos} is {c}; credit codes never use I, O, Z, S or V",
                f"第{pos}位为{c}；统一社会信用代码不使用I、O、Z、S、V",
            )
        if c not in _CC_VALUE:
            raise IdNumberError(
                "charset",
                f"character {pos} is not a digit or an allowed capital letter",
                f"第{pos}位不是数字或允许的大写字母",
            )
    if text[0] not in _CC_AUTHORITIES:
        raise IdNumberError(
            "authority",
            "the registration authority code (character 1) must be 1-9, A, N or Y",
            "登记管理部门代码（第1位）必须为1-9、A、N或Y",
        )
    if text[1] not in _DIGITS[1:]:
        raise IdNumberError(
            "category",
            "the entity category code (character 2) must be 1-9",
            "机构类别代码（第2位）必须为1-9",
        )
    if not all(c in _DIGITS for c in text[2:8]):
        raise IdNumberError(
            "region",
            "the region code (characters 3-8) must be digits",
            "登记管理机关行政区划码（第3-8位）必须为数字",
        )
    if text[16] != _org_check_char(text[8:16]):
        raise IdNumberError(
            "organization_code",
            "the organization code (characters 9-17) has a wrong check character",
            "主体标识码（第9-17位）校验码错误",
        )
    if text[17] != _cc_check_char(text[:17]):
        raise IdNumberError(
            "check_digit",
            "the check character is wrong (mistyped code?)",
            "统一社会信用代码校验码错误（代码可能输错）",
        )
    return text


def generate_credit_code(
    authority: str = "9",
    category: str = "1",
    region: str = "110101",
    org_body: str | None = None,
    rng: random.Random | None = None,
) -> str:
    """A valid credit code; ``org_body`` (8 chars) is drawn from ``rng`` if left out.

    Defaults: authority 9 (market regulation 市场监管), category 1 (enterprise 企业).
    """
    rng = rng or random.Random()
    if org_body is None:
        org_body = "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(8))
    org_body = org_body.upper()
    if len(org_body) != 8 or any(c not in _CC_VALUE for c in org_body):
        raise ValueError("org_body must be 8 characters from the credit code charset")
    body = f"{authority}{category}{region}{org_body}{_org_check_char(org_body)}"
    if len(body) != 17 or any(c not in _CC_VALUE for c in body):
        raise ValueError("authority, category and region must use the credit code charset")
    return validate_credit_code(body + _cc_check_char(body))


# --- party id: either kind ---------------------------------------------------------


class PartyKind(StrEnum):
    natural_person = "natural_person"  # 自然人: resident id
    legal_person = "legal_person"  # 法人及其他组织: credit code


_RID_SHAPE = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)


def _classify(value: str) -> tuple[PartyKind, str]:
    if not isinstance(value, str):
        raise IdNumberError("type", "party id must be a string", "主体证件号必须为字符串")
    text = value.strip().upper()
    if len(text) != 18:
        raise IdNumberError(
            "length",
            "party id must be an 18-character resident id or unified social credit code",
            "主体证件号应为18位身份证号或统一社会信用代码",
        )
    if _RID_SHAPE.fullmatch(text):
        try:
            return PartyKind.natural_person, validate_resident_id(text)
        except IdNumberError as rid_error:
            try:  # an all-digit credit code has the same shape
                return PartyKind.legal_person, validate_credit_code(text)
            except IdNumberError:
                raise rid_error from None
    return PartyKind.legal_person, validate_credit_code(text)


def validate_party_id(value: str) -> str:
    """A resident id (natural person) or a credit code (legal person), normalised.

    Shape decides: 17 digits + digit/X is tried as a resident id first, then as a
    credit code; anything else must be a credit code. The error is the resident-id
    one for resident-id-shaped input, the credit-code one otherwise.
    """
    return _classify(value)[1]


def party_kind(value: str) -> PartyKind:
    """Which kind of party a (valid) party id belongs to."""
    return _classify(value)[0]


# --- masking for public views (脱敏, DOMAIN L14) ------------------------------------

_COMPOUND_SURNAMES: Final = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 "
    "钟离 闻人 澹台 公冶 太叔 申屠 端木 呼延 独孤 南宫 西门 百里 东郭 万俟 司空".split()
)
_KEEP_IN_NAME: Final = frozenset("·• ")


def mask_resident_id(value: str) -> str:
    """Keep the first 6 and last 4 characters: "110101********4514"."""
    text = value.strip().upper()
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_name(name: str) -> str:
    """Keep the family name, one "*" per hidden character: 张三丰 → 张**, 张三 → 张*.

    Common compound surnames (欧阳, 司马, …) are kept whole when the name is longer
    than the surname; a one-character name becomes "*". Separators (·) are kept.
    """
    text = name.strip()
    if len(text) <= 1:
        return "*" * len(text)
    keep = 2 if text[:2] in _COMPOUND_SURNAMES and len(text) > 2 else 1
    return text[:keep] + "".join(c if c in _KEEP_IN_NAME else "*" for c in text[keep:])


_MOBILE = re.compile(r"(\+?86[- ]?)?(1[0-9]{2})([0-9]{4})([0-9]{4})", re.ASCII)


def mask_phone(phone: str) -> str:
    """Mobile numbers keep the first 3 and last 4 digits: "138****5678".

    Other numbers: with 8+ digits the first 3 and last 4 digits stay, with fewer only
    the last 2; separators are kept.
    """
    text = phone.strip()
    m = _MOBILE.fullmatch(text)
    if m:
        return f"{m.group(1) or ''}{m.group(2)}****{m.group(4)}"
    digits = [i for i, c in enumerate(text) if c in _DIGITS]
    shown = set(digits[:3] + digits[-4:]) if len(digits) >= 8 else set(digits[-2:])
    return "".join(c if (c not in _DIGITS or i in shown) else "*" for i, c in enumerate(text))


def mask_credit_code(value: str) -> str:
    """Unmasked (normalised): a legal person's credit code is public information."""
    return value.strip().upper()


def mask_party_id(value: str) -> str:
    """Mask a party id for public views: resident ids masked, credit codes shown."""
    kind, text = _classify(value)
    return mask_resident_id(text) if kind is PartyKind.natural_person else text


# --- pydantic types ----------------------------------------------------------------

#: Resident identity number (natural person), validated and upper-cased.
ResidentId = Annotated[
    str,
    AfterValidator(validate_resident_id),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9]{17}[0-9Xx]$",
            "description": "18-character PRC resident identity number (GB 11643-1999)",
        }
    ),
]

#: Unified social credit code (legal person), validated and upper-cased.
CreditCode = Annotated[
    str,
    AfterValidator(validate_credit_code),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$",
            "description": "18-character unified social credit code (GB 32100-2015)",
        }
    ),
]

#: Either of the above, decided by shape (see ``validate_party_id``).
PartyId = Annotated[
    str,
    AfterValidator(validate_party_id),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 18,
            "maxLength": 18,
            "description": "resident identity number (natural person) or unified social "
            "credit code (legal person)",
        }
    ),
]
