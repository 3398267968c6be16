"""Property-based tests: whatever a person (or a file) sends, parsers answer or refuse in French, never crash."""

import re
from decimal import Decimal

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guichet.core.exceptions import InvalidInput
from guichet.core.phone import normalize_phone
from guichet.procedures import definition as defn
from guichet.procedures.services.common import normalise_code
from guichet.procedures.tests.factories import SIMPLE

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.text(max_size=40))
def test_any_phone_number_is_either_e164_or_refused_in_french(raw):
    try:
        assert E164.match(normalize_phone(raw))
    except InvalidInput as exc:
        assert "06 12 34 56 78" in exc.message


@given(st.text(max_size=40))
def test_any_number_is_either_a_finite_decimal_or_refused(raw):
    try:
        assert isinstance(defn.parse_number(raw), Decimal)
    except forms.ValidationError as exc:
        assert exc.messages[0]


@given(st.text(max_size=60))
def test_any_follow_up_code_typed_is_normalised_without_error(raw):
    assert isinstance(normalise_code(raw), str)


@given(
    st.dictionaries(
        st.sampled_from(["nom", "naissance", "enfants", "nb_enfants", "iban", "x"]), st.text(max_size=80)
    )
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_any_answers_validate_or_give_field_errors(answers):
    for section in SIMPLE["sections"]:
        form = defn.build_section_form(SIMPLE, section["key"], answers, data=answers)
        if not form.is_valid():
            assert set(form.errors) <= set(form.fields) | {"__all__"}
    problems = defn.missing_or_invalid(SIMPLE, answers)
    assert all(isinstance(message, str) for _section, _label, message in problems)


@given(json_values)
def test_any_json_as_a_procedure_definition_is_accepted_or_refused_in_french(value):
    try:
        defn.validate_definition(value)
    except InvalidInput as exc:
        assert exc.message


@pytest.mark.parametrize(
    "broken", [{"sections": [1]}, {"sections": [{"key": "a", "title": "A", "fields": "x"}]}]
)
def test_malformed_definitions_are_refused_not_crashed(broken):
    with pytest.raises(InvalidInput):
        defn.validate_definition(broken)
