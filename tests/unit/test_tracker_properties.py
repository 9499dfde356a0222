"""Property tests (Hypothesis) for the tracker's parsers: weights, dates, heights, recovery codes, the widget cookie.

Each parser either returns a value inside its documented range or raises InputError with a message
for the reader; nothing else escapes, whatever is typed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from readwell.tracker import identity
from readwell.tracker.units import (
    MAX_GRAMS,
    MIN_GRAMS,
    InputError,
    format_weight,
    parse_date,
    parse_height,
    parse_weight,
    parse_weight_text,
)

FEW = settings(max_examples=150, deadline=None)
typed = st.text(max_size=40)
units = st.sampled_from(["kg", "lb", "st"])


@FEW
@given(typed, units)
def test_any_typed_weight_is_grams_in_range_or_a_message(text: str, unit: str) -> None:
    try:
        grams = parse_weight_text(text, unit, "your weight")
    except InputError as error:
        assert str(error)
    else:
        assert isinstance(grams, int) and MIN_GRAMS <= grams <= MAX_GRAMS


@FEW
@given(st.decimals(min_value=Decimal("20.0"), max_value=Decimal("500.0"), places=1), st.booleans())
def test_every_kg_weight_with_one_decimal_is_read_exactly_with_a_point_or_a_comma(kg: Decimal, comma: bool) -> None:
    text = str(kg).replace(".", ",") if comma else str(kg)
    assert parse_weight(text, "kg") == int(kg * 1000)


@FEW
@given(st.integers(min_value=MIN_GRAMS, max_value=MAX_GRAMS), units)
def test_a_weight_shown_to_the_reader_reads_back_within_the_display_precision(grams: int, unit: str) -> None:
    shown = format_weight(grams, unit)
    number = shown.replace("kg", "").replace("lb", "").replace("st", " ").strip()
    back = parse_weight_text(" ".join(number.split()), unit, "your weight")
    # kg and lb are shown to 0.1 of their unit, stones and pounds to 0.1 lb: at most 0.05 lb off.
    assert abs(back - grams) <= 50 if unit == "kg" else abs(back - grams) <= 23


@FEW
@given(typed)
def test_any_typed_date_is_a_date_or_a_message(text: str) -> None:
    try:
        assert isinstance(parse_date(text), date)
    except InputError as error:
        assert str(error)


@FEW
@given(typed)
def test_any_typed_height_is_within_50_and_272_cm_or_a_message(text: str) -> None:
    try:
        height = parse_height(text)
    except InputError as error:
        assert str(error)
    else:
        assert Decimal(50) <= height <= Decimal(272)


@FEW
@given(st.binary(min_size=15, max_size=15))
def test_a_recovery_code_always_opens_its_own_tracker_however_it_is_typed(secret: bytes) -> None:
    import base64

    token = base64.b32encode(secret).decode("ascii")
    code = identity.recovery_code(token)
    for typed_code in (code, code.lower(), code.replace("-", " "), f"  {code}\n", code.replace("-", "")):
        assert identity.token_from_recovery_code(typed_code) == token


@FEW
@given(st.text(max_size=300))
def test_anything_typed_as_a_recovery_code_is_a_well_formed_token_or_nothing(text: str) -> None:
    found = identity.token_from_recovery_code(text)
    assert found is None or identity.is_token(found)
