from decimal import Decimal

import pytest
from django import forms

from guichet.core.exceptions import InvalidInput
from guichet.procedures import definition as defn
from guichet.procedures.tests.factories import SIMPLE, VALID_ANSWERS


def test_the_demo_definitions_are_valid():
    from guichet.procedures import demo_definitions

    for definition in (
        demo_definitions.LOGEMENT_URGENCE,
        demo_definitions.CANTINE,
        demo_definitions.CARTE_MOBILITE,
    ):
        assert defn.validate_definition(definition) is definition


@pytest.mark.parametrize(
    "broken,fragment",
    [
        ({"sections": []}, "au moins une section"),
        ({"sections": [{"key": "Bad Key", "title": "x"}]}, "clé"),
        (
            {
                "sections": [
                    {"key": "a", "title": "A", "fields": [{"key": "x", "type": "magic", "label": "X"}]}
                ]
            },
            "Type",
        ),
        (
            {
                "sections": [
                    {
                        "key": "a",
                        "title": "A",
                        "fields": [
                            {"key": "x", "type": "text", "label": "X"},
                            {"key": "x", "type": "text", "label": "Y"},
                        ],
                    }
                ]
            },
            "deux fois",
        ),
        (
            {
                "sections": [
                    {
                        "key": "a",
                        "title": "A",
                        "fields": [
                            {
                                "key": "x",
                                "type": "text",
                                "label": "X",
                                "show_if": {"field": "y", "equals": "1"},
                            }
                        ],
                    }
                ]
            },
            "placé avant",
        ),
        (
            {
                "sections": [
                    {"key": "a", "title": "A", "fields": [{"key": "c", "type": "choice", "label": "C"}]}
                ]
            },
            "choix",
        ),
        (
            {
                "sections": [{"key": "a", "title": "A"}],
                "documents": [{"key": "d", "label": "D", "accept": ["exe"]}],
            },
            "Formats",
        ),
    ],
)
def test_broken_definitions_are_refused_with_a_french_reason(broken, fragment):
    with pytest.raises(InvalidInput) as excinfo:
        defn.validate_definition(broken)
    assert fragment in excinfo.value.message


@pytest.mark.parametrize("raw,expected", [("1200", "1200"), ("1 200,50", "1200.50"), ("12,5 €", "12.5")])
def test_numbers_are_read_the_french_way(raw, expected):
    assert defn.parse_number(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["douze", "1,2,3", "NaN", "1e400"])
def test_unreadable_numbers_are_refused(raw):
    with pytest.raises(forms.ValidationError):
        defn.parse_number(raw)


def test_iban_is_checked_and_formatted():
    assert defn.parse_iban("fr7630006000011234567890189") == "FR76 3000 6000 0112 3456 7890 189"
    with pytest.raises(forms.ValidationError):
        defn.parse_iban("FR76 3000 6000 0112 3456 7890 188")


def test_a_conditional_field_appears_only_when_its_condition_holds():
    without = defn.build_section_form(SIMPLE, "identite", {"enfants": "non"})
    with_children = defn.build_section_form(SIMPLE, "identite", {"enfants": "oui"})
    assert "nb_enfants" not in without.fields
    assert "nb_enfants" in with_children.fields


def test_required_fields_are_required_and_marked_as_such():
    form = defn.build_section_form(SIMPLE, "identite", {}, data={"nom": ""})
    assert not form.is_valid()
    assert "nom" in form.errors
    assert (
        form.fields["nom"].required
        and not defn.build_section_form(SIMPLE, "banque", {}).fields["iban"].required
    )


def test_dates_typed_the_french_way_are_accepted_and_implausible_ones_refused():
    ok = defn.build_section_form(SIMPLE, "identite", {}, data={**VALID_ANSWERS, "naissance": "04/05/1980"})
    assert ok.is_valid(), ok.errors
    assert ok.cleaned_data["naissance"] == "1980-05-04"
    bad = defn.build_section_form(SIMPLE, "identite", {}, data={**VALID_ANSWERS, "naissance": "31/02/1980"})
    assert "naissance" in bad.errors


def test_missing_or_invalid_lists_every_problem_with_its_section():
    problems = defn.missing_or_invalid(SIMPLE, {"enfants": "oui", "nb_enfants": "beaucoup", "iban": "FR00"})
    places = {(section, label) for section, label, _ in problems}
    assert ("identite", "Nom") in places
    assert ("identite", "Nombre d'enfants") in places
    assert ("banque", "IBAN") in places


def test_raw_values_keep_exactly_what_was_typed():
    values = defn.raw_values(
        SIMPLE, "identite", {"nom": "  Zoé  ", "naissance": "pas une date", "inconnu": "x"}
    )
    assert values == {"nom": "Zoé", "naissance": "pas une date"}


def test_answers_are_displayed_in_french_words():
    assert defn.display_value({"type": "date"}, "1941-11-30") == "30 novembre 1941"
    assert defn.display_value({"type": "date"}, "31/02/1980") == "31/02/1980"  # kept as typed
    assert defn.display_value({"type": "yesno"}, "non") == "Non"
    assert defn.display_value({"type": "text"}, "Léa") == "Léa"
