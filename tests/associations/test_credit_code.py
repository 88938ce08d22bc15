"""The unified social credit code validator (GB 32100-2015, with GB 11714's check digit)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from associations.credit_code import (
    ALPHABET,
    credit_code_errors,
    make_credit_code,
    validate_credit_code,
)

# Published codes of real organisations (business licences and public registers).
REAL_CODES = [
    "91350100M000100Y43",  # the standard's own worked example
    "91110000802100433B",  # 中国石油化工股份有限公司
    "91440300708461136T",  # 华为技术有限公司
]

codes = st.builds(
    make_credit_code,
    st.integers(min_value=0, max_value=99_999_999),
    division=st.sampled_from(["140100", "140200", "140700", "141100", "110000"]),
    prefix=st.sampled_from(["91", "92", "93", "12", "51", "52", "53", "Y1"]),
)


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_accepted(code):
    assert credit_code_errors(code) == []


@given(codes)
def test_generated_codes_are_accepted(code):
    assert credit_code_errors(code) == []
    validate_credit_code(code)


@settings(max_examples=60)
@given(codes, st.integers(min_value=0, max_value=17), st.data())
def test_every_single_character_corruption_is_refused(code, position, data):
    replacement = data.draw(st.sampled_from([c for c in ALPHABET + "IOSVZ" if c != code[position]]))
    corrupted = code[:position] + replacement + code[position + 1 :]
    assert credit_code_errors(corrupted), corrupted
    with pytest.raises(ValidationError):
        validate_credit_code(corrupted)


@pytest.mark.parametrize("code", REAL_CODES)
def test_exhaustively_every_corruption_of_real_codes_is_refused(code):
    for position in range(18):
        for replacement in ALPHABET:
            if replacement != code[position]:
                corrupted = code[:position] + replacement + code[position + 1 :]
                assert credit_code_errors(corrupted), corrupted


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("9114010000000001", "18 characters"),
        ("91140100000000019WX", "18 characters"),
        ("91140100O0000001I9", "not I, O"),
        ("B1140100000000019W", "1st character"),
        ("94140100000000019W", "2nd character"),
        ("91140A00000000019W", "Characters 3 to 8"),
        ("91140100000000029W", "organisation code check character"),
        ("91140100000000019X", "check character (18th character) should be W"),
    ],
)
def test_each_failed_check_is_named_in_the_error(code, says, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        errors = credit_code_errors(code)
    assert errors
    assert says in errors[0]


def test_codes_are_normalised_before_checking():
    validate_credit_code(" 91350100m000100y43 ")
