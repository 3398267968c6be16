"""A native OpenFisca situation goes through the fast engine when its shape allows it, and the fast engine
never overwrites what the situation says (issue #22, point 4)."""

import copy

import pytest

from guichet.screening.engine import prefill, screen_openfisca_situation
from guichet.screening.tests.households import PERIOD

pytestmark = pytest.mark.usefixtures("openfisca_system")


def single_parent(**parent_inputs):
    """A single parent and two children, renting: the shape of our own households."""
    parent = {"date_naissance": {"ETERNITY": "1990-01-01"}, **parent_inputs}
    return {
        "individus": {
            "parent": parent,
            "aine": {"date_naissance": {"ETERNITY": "2015-03-01"}},
            "cadet": {"date_naissance": {"ETERNITY": "2018-03-01"}},
        },
        "familles": {"famille": {"parents": ["parent"], "enfants": ["aine", "cadet"]}},
        "foyers_fiscaux": {"foyer": {"declarants": ["parent"], "personnes_a_charge": ["aine", "cadet"]}},
        "menages": {
            "menage": {
                "personne_de_reference": ["parent"],
                "enfants": ["aine", "cadet"],
                "loyer": {PERIOD: 500},
                "statut_occupation_logement": {PERIOD: "locataire_vide"},
            }
        },
    }


def disabled_and_hospitalised():
    return {
        "individus": {
            "personne": {
                "date_naissance": {"ETERNITY": "1980-01-01"},
                "taux_incapacite": {PERIOD: 0.8},
                "aah_date_debut_hospitalisation": {PERIOD: "2025-01-01"},
            }
        },
        "familles": {"famille": {"parents": ["personne"]}},
        "foyers_fiscaux": {"foyer": {"declarants": ["personne"]}},
        "menages": {"menage": {"personne_de_reference": ["personne"]}},
    }


def amounts(situation, code, **options):
    answer = screen_openfisca_situation(copy.deepcopy(situation), period=PERIOD, **options)
    return answer["moteur"], answer["benefits"][code]["per_entity"]


@pytest.mark.parametrize(
    ("situation", "code"),
    [
        (single_parent(pensions_alimentaires_percues={PERIOD: 50}), "asf"),
        (disabled_and_hospitalised(), "aah"),
    ],
    ids=["pension alimentaire -> ASF", "hospitalisation -> AAH"],
)
def test_inputs_the_plan_holds_as_constants_are_never_overwritten(situation, code, monkeypatch):
    stock_engine, stock = amounts(situation, code, engine="openfisca")
    fast_engine, fast = amounts(situation, code)
    assert (stock_engine, fast_engine) == ("openfisca", "rapide")
    assert fast == stock
    # The plan as it is, applied without dropping what the situation sets: another amount, the defect fixed.
    monkeypatch.setattr(prefill, "dropped_by", lambda *args: set())
    assert amounts(situation, code)[1] != stock


def test_the_fast_engine_gives_what_openfisca_gives_for_every_benefit():
    situation = single_parent(salaire_net={PERIOD: 900}, pensions_alimentaires_percues={PERIOD: 50})
    fast = screen_openfisca_situation(copy.deepcopy(situation), period=PERIOD)
    stock = screen_openfisca_situation(copy.deepcopy(situation), period=PERIOD, engine="openfisca")
    assert fast["moteur"] == "rapide" and stock["moteur"] == "openfisca"
    assert fast["benefits"] == stock["benefits"]


def test_dropped_keys_are_what_the_situation_sets_and_what_reads_it():
    from guichet.screening.benefits import BENEFITS

    codes = list(BENEFITS)
    planned = {(name, period) for name, period, _value in prefill.plan_for(PERIOD, codes)}
    stored = {("pensions_alimentaires_percues", PERIOD)}
    dropped = prefill.dropped_by(PERIOD, codes, stored)
    assert stored <= dropped
    assert dropped & planned, "something the plan holds reads the pension"
    assert len(dropped & planned) < len(planned) / 2, "the rest of the plan still serves"
    assert prefill.dropped_by(PERIOD, codes, set()) == set()


@pytest.mark.parametrize(
    "change",
    [
        "two foyers in one famille",
        "an adult child outside the foyer",
        "a birth before 1900",
    ],
)
def test_a_shape_the_probes_do_not_cover_goes_to_stock_openfisca(change):
    situation = single_parent()
    if change == "two foyers in one famille":
        situation["individus"]["conjoint"] = {"date_naissance": {"ETERNITY": "1988-01-01"}}
        situation["familles"]["famille"]["parents"].append("conjoint")
        situation["foyers_fiscaux"]["autre"] = {"declarants": ["conjoint"]}
        situation["menages"]["menage"]["conjoint"] = ["conjoint"]
    elif change == "an adult child outside the foyer":
        situation["foyers_fiscaux"]["foyer"]["personnes_a_charge"] = ["cadet"]
        situation["foyers_fiscaux"]["aine"] = {"declarants": ["aine"]}
    else:
        situation["individus"]["parent"]["date_naissance"] = {"ETERNITY": "1890-01-01"}
    engine, _amounts = amounts(situation, "rsa", benefits=["rsa"])
    assert engine == "openfisca"


def test_benefits_are_computed_in_the_registry_order_whatever_order_is_asked():
    situation = single_parent(salaire_net={PERIOD: 700})
    forward = screen_openfisca_situation(copy.deepcopy(situation), period=PERIOD, benefits=["rsa", "ppa"])
    backward = screen_openfisca_situation(copy.deepcopy(situation), period=PERIOD, benefits=["ppa", "rsa"])
    assert list(backward["benefits"]) == ["rsa", "ppa"]
    assert forward["benefits"] == backward["benefits"]


def test_openfisca_france_names_are_accepted_as_benefit_codes():
    answer = screen_openfisca_situation(single_parent(), period=PERIOD, benefits=["aide_logement"])
    assert list(answer["benefits"]) == ["aides_logement"]


def test_when_no_plan_can_be_built_for_the_period_stock_openfisca_answers(monkeypatch):
    """Seen on OpenFisca-France's own tests: on an old period, a probe household reaches a formula branch
    whose parameter did not exist yet; the native path must still answer, on stock OpenFisca."""
    situation = single_parent(salaire_net={PERIOD: 700})
    expected = screen_openfisca_situation(copy.deepcopy(situation), period=PERIOD, engine="openfisca")

    def no_plan(*args, **kwargs):
        raise KeyError("plafond_1e")

    monkeypatch.setattr(prefill, "plan_for", no_plan)
    answer = screen_openfisca_situation(copy.deepcopy(situation), period=PERIOD)
    assert answer["moteur"] == "openfisca" and answer["benefits"] == expected["benefits"]
