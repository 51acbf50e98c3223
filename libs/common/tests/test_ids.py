"""Identity numbers: resident ids, credit codes, party ids, masking, generators."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from common.ids import (
    CreditCode,
    IdNumberError,
    PartyId,
    PartyKind,
    ResidentId,
    generate_credit_code,
    generate_resident_id,
    mask_credit_code,
    mask_name,
    mask_party_id,
    mask_phone,
    mask_resident_id,
    party_kind,
    validate_credit_code,
    validate_party_id,
    validate_resident_id,
)

KNOWN_RESIDENT_ID = "11010519491231002X"  # the public GB 11643 example
KNOWN_CREDIT_CODES = ["91350100M000100Y43", "91110000600037341L"]  # public examples


def _part(value: str, validator: Callable[[str], str] = validate_resident_id) -> str:
    with pytest.raises(IdNumberError) as info:
        validator(value)
    assert " / " in str(info.value)  # "English / 中文"
    return info.value.part


# --- resident identity number --------------------------------------------------------


def test_known_public_resident_id_validates() -> None:
    assert validate_resident_id(KNOWN_RESIDENT_ID) == KNOWN_RESIDENT_ID
    assert validate_resident_id("110101199003074514") == "110101199003074514"


def test_generated_resident_id_validates() -> None:
    rid = generate_resident_id("350121", date(1980, 2, 29), 123)
    assert rid.startswith("35012119800229123")
    assert validate_resident_id(rid) == rid


@given(st.integers(min_value=0, max_value=2**32))
def test_generated_resident_ids_are_always_valid(seed: int) -> None:
    rid = generate_resident_id(rng=random.Random(seed))
    assert validate_resident_id(rid) == rid


def test_lowercase_x_is_normalised() -> None:
    assert validate_resident_id("11010519491231002x") == KNOWN_RESIDENT_ID
    assert validate_resident_id(" 11010519491231002x ") == KNOWN_RESIDENT_ID


def test_wrong_check_digit_is_refused() -> None:
    assert _part("110105194912310021") == "check_digit"
    assert _part("110101199003074515") == "check_digit"


def test_impossible_birth_date_is_refused() -> None:
    body = "11010519900230123"  # 30 February
    with pytest.raises(IdNumberError, match="19900230") as info:
        validate_resident_id(body + "0")
    assert info.value.part == "birth_date"
    assert _part("110105199013011230") == "birth_date"  # month 13


def test_birth_date_before_1900_or_in_the_future_is_refused() -> None:
    old = "11010518991231002"
    assert _part(old + "0") == "birth_date"
    future = "11010120300101001"
    with pytest.raises(IdNumberError, match="future"):
        validate_resident_id(future + "0", today=date(2026, 1, 5))
    with pytest.raises(ValueError):
        generate_resident_id("110101", date(2999, 1, 1), 1)


def test_birth_date_today_is_accepted_with_an_injected_today() -> None:
    rid = generate_resident_id("110101", date(2026, 1, 5), 7)
    assert validate_resident_id(rid, today=date(2026, 1, 5)) == rid
    assert _part_with_today(rid, date(2026, 1, 4)) == "birth_date"


def _part_with_today(value: str, today: date) -> str:
    with pytest.raises(IdNumberError) as info:
        validate_resident_id(value, today=today)
    return info.value.part


@pytest.mark.parametrize("bad", ["1101051949123100", "11010519491231002X1", "", "110105194912310"])
def test_wrong_length_is_refused(bad: str) -> None:
    assert _part(bad) == "length"


def test_fifteen_digit_first_generation_id_is_refused_with_a_specific_message() -> None:
    with pytest.raises(IdNumberError, match="15-digit"):
        validate_resident_id("110105491231002")


@pytest.mark.parametrize(
    "bad", ["1101051949123100AX", "11010519491231002Y", "１１010519491231002X"]
)
def test_non_digits_are_refused(bad: str) -> None:
    assert _part(bad) == "charset"


def test_region_code_starting_with_zero_is_refused() -> None:
    assert _part("010105194912310021") == "region"


def test_resident_id_refuses_non_strings() -> None:
    with pytest.raises(IdNumberError):
        validate_resident_id(110105194912310021)  # type: ignore[arg-type]


# --- unified social credit code ------------------------------------------------------


@pytest.mark.parametrize("code", KNOWN_CREDIT_CODES)
def test_known_public_credit_codes_validate(code: str) -> None:
    assert validate_credit_code(code) == code
    assert validate_credit_code(code.lower()) == code


def test_generated_credit_codes_validate() -> None:
    code = generate_credit_code("9", "3", "350121", "MA000001")  # 农民专业合作社
    assert code.startswith("93350121MA000001")
    assert validate_credit_code(code) == code
    collective = generate_credit_code("N", "2", "350121", rng=random.Random(7))  # 村集体
    assert validate_credit_code(collective) == collective


@given(st.integers(min_value=0, max_value=2**32))
def test_generated_credit_codes_are_always_valid(seed: int) -> None:
    code = generate_credit_code(rng=random.Random(seed))
    assert validate_credit_code(code) == code


def test_wrong_credit_code_check_char_is_refused() -> None:
    assert _part("91350100M000100Y44", validate_credit_code) == "check_digit"
    assert _part("91110000600037341K", validate_credit_code) == "check_digit"


def test_wrong_organization_code_check_char_is_refused() -> None:
    assert _part("91350100M000100Y53", validate_credit_code) == "organization_code"


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_forbidden_letters_are_refused(letter: str) -> None:
    code = "91350100M000100Y4" + letter
    with pytest.raises(IdNumberError, match=f"character 18 is {letter}") as info:
        validate_credit_code(code)
    assert info.value.part == "charset"


def test_credit_code_structure_is_checked() -> None:
    assert _part("B1350100M000100Y43", validate_credit_code) == "authority"
    assert _part("90350100M000100Y43", validate_credit_code) == "category"
    assert _part("9135A100M000100Y43", validate_credit_code) == "region"
    assert _part("91350100M000100Y4", validate_credit_code) == "length"


# --- party id ------------------------------------------------------------------------


def test_party_id_accepts_either_kind() -> None:
    assert validate_party_id("11010519491231002x") == KNOWN_RESIDENT_ID
    assert party_kind(KNOWN_RESIDENT_ID) is PartyKind.natural_person
    assert validate_party_id("91350100m000100y43") == "91350100M000100Y43"
    assert party_kind("91350100M000100Y43") is PartyKind.legal_person


def test_all_digit_credit_code_is_a_legal_person() -> None:
    code = generate_credit_code("9", "1", "110108", "00000000")
    assert code == "911101080000000007"  # resident-id shaped, but no valid birth date
    assert party_kind(code) is PartyKind.legal_person
    assert mask_party_id(code) == code


def test_party_id_errors_are_specific() -> None:
    with pytest.raises(IdNumberError, match="18-character") as info:
        validate_party_id("1234")
    assert info.value.part == "length"
    assert _part("110105194912310021", validate_party_id) == "check_digit"  # resident-shaped
    assert _part("91350100M000100Y44", validate_party_id) == "check_digit"  # credit-shaped


# --- pydantic --------------------------------------------------------------------------


class Party(BaseModel):
    resident: ResidentId | None = None
    company: CreditCode | None = None
    any_id: PartyId | None = None


def test_pydantic_types_validate_and_normalise() -> None:
    p = Party(resident="11010519491231002x", company="91350100m000100y43", any_id=KNOWN_RESIDENT_ID)
    assert p.resident == KNOWN_RESIDENT_ID
    assert p.company == "91350100M000100Y43"
    with pytest.raises(ValidationError) as info:
        Party(resident="110105194912310021")
    err = info.value.errors()[0]
    assert err["msg"].startswith("Value error, the check character is wrong")
    assert " / 身份证号校验码错误" in err["msg"]
    with pytest.raises(ValidationError):
        Party(company="91350100M000100Y4O")
    with pytest.raises(ValidationError):
        Party(any_id="abc")


# --- masking (DOMAIN L14) ----------------------------------------------------------------


def test_mask_resident_id_keeps_first_six_and_last_four() -> None:
    assert mask_resident_id("110101199003074514") == "110101********4514"
    assert mask_resident_id("11010519491231002x") == "110105********002X"


def test_mask_name_keeps_the_family_name() -> None:
    assert mask_name("张三丰") == "张**"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧阳**"
    assert mask_name("欧阳") == "欧*"
    assert mask_name("李") == "*"
    assert mask_name("阿依古丽·买买提") == "阿***·***"


def test_mask_phone_keeps_three_and_four() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 13812345678") == "+86 138****5678"
    assert mask_phone("0591-87654321") == "059*-****4321"
    assert mask_phone("12345") == "***45"


def test_credit_codes_are_public_and_not_masked() -> None:
    assert mask_credit_code("91350100m000100y43") == "91350100M000100Y43"
    assert mask_party_id("91350100M000100Y43") == "91350100M000100Y43"
    assert mask_party_id(KNOWN_RESIDENT_ID) == "110105********002X"
