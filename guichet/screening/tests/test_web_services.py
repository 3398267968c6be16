import datetime
import re
from decimal import Decimal

import pytest
from django.http import Http404
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory, member
from guichet.core.exceptions import InvalidInput
from guichet.core.journal.models import JournalEntry
from guichet.screening import pages, perms
from guichet.screening.forms_questionnaire import parse_amount
from guichet.screening.models import Questionnaire
from guichet.screening.selectors import commune_name, resolve_commune
from guichet.screening.services import next_steps
from guichet.screening.services import questionnaire as service
from guichet.screening.tests.factories import ALONE_ANSWERS, PARENT_ANSWERS, screened_caseload

pytestmark = pytest.mark.django_db


def answered(answers) -> Questionnaire:
    questionnaire = service.start_questionnaire()
    for key, values in answers.items():
        service.save_page(questionnaire_id=questionnaire.pk, page_key=key, values=values)
    questionnaire.refresh_from_db()
    return questionnaire


def test_a_wrong_value_is_saved_as_typed_with_the_rest_of_the_page():
    questionnaire = service.start_questionnaire()
    service.save_page(questionnaire_id=questionnaire.pk, page_key="foyer", values=ALONE_ANSWERS["foyer"])
    service.save_page(
        questionnaire_id=questionnaire.pk,
        page_key="personne-0",
        values={"date_naissance": "31/02/1990", "statut": "salarie", "champ_inconnu": "x"},
    )
    questionnaire.refresh_from_db()
    assert questionnaire.answers["personne-0"] == {"date_naissance": "31/02/1990", "statut": "salarie"}
    assert pages.first_invalid(questionnaire.answers).key == "personne-0"


def test_saving_a_page_forgets_the_previous_result():
    questionnaire = answered(ALONE_ANSWERS)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(result={"benefits": []})
    service.save_page(questionnaire_id=questionnaire.pk, page_key="foyer", values=ALONE_ANSWERS["foyer"])
    questionnaire.refresh_from_db()
    assert questionnaire.result == {} and questionnaire.computed_at is None


def test_a_page_the_household_does_not_have_is_refused():
    questionnaire = answered(ALONE_ANSWERS)
    with pytest.raises(InvalidInput):
        service.save_page(questionnaire_id=questionnaire.pk, page_key="personne-3", values={})


def test_pages_follow_the_household_composition():
    answers = {"foyer": {"en_couple": "oui", "nb_enfants": "2", "nb_autres": "1"}}
    keys = [page.key for page in pages.pages(answers)]
    assert keys == [
        "foyer",
        "personne-0",
        "ressources-0",
        "personne-1",
        "ressources-1",
        "personne-2",
        "personne-3",
        "personne-4",
        "ressources-4",
        "logement",
    ]
    assert [role for role, _t in pages.persons(answers)] == [
        "demandeur",
        "conjoint",
        "enfant",
        "enfant",
        "autre",
    ]


def test_the_household_is_built_with_monthly_averages_of_the_last_three_months():
    household = service.build_household(answered(PARENT_ANSWERS).answers)
    parent, child, small = household.persons
    assert parent.role == "demandeur" and parent.salaire_net_mensuel == Decimal("800.00")
    assert parent.salaire_net_annuel_n1 == Decimal("9000.00")
    assert child.role == "enfant" and child.scolarite == "college"
    assert child.date_naissance == datetime.date(2013, 9, 1)
    assert household.depcom == "47323"  # found from the postal code and the name
    assert household.loyer_mensuel == Decimal("520.00")


def test_an_empty_last_year_salary_means_twelve_times_the_monthly_one():
    household = service.build_household(answered(ALONE_ANSWERS).answers)
    assert household.persons[0].salaire_net_annuel_n1 is None
    assert household.persons[0].chomage_net_mensuel == Decimal("500.00")


def test_an_incomplete_questionnaire_cannot_be_computed():
    answers = dict(ALONE_ANSWERS)
    del answers["logement"]
    with pytest.raises(InvalidInput, match="logement"):
        service.build_household(answered(answers).answers)


def test_the_answers_a_procedure_can_reuse():
    prefill = service.procedure_answers(answered(PARENT_ANSWERS).answers)
    assert prefill == {
        "date_naissance": "1988-02-02",
        "a_des_enfants": "oui",
        "nb_enfants": "2",
        "revenus": "800,00",
        "loyer": "520,00",
        "code_insee": "47323",
    }


@pytest.mark.parametrize(
    "typed,expected",
    [("1 200,50", Decimal("1200.50")), ("1200.5 €", Decimal("1200.50")), ("", Decimal(0)), ("0", Decimal(0))],
)
def test_amounts_are_read_the_french_way(typed, expected):
    assert parse_amount(typed) == expected


@pytest.mark.parametrize("typed", ["douze", "-5", "1e9", "NaN"])
def test_implausible_amounts_are_refused(typed):
    from django import forms

    with pytest.raises(forms.ValidationError):
        parse_amount(typed)


def test_communes_are_found_by_postal_code_and_name():
    assert resolve_commune("47300", "Villeneuve-sur-Lot") == "47323"
    assert resolve_commune("47300", "villeneuve sur lot") == "47323"
    assert resolve_commune("75001", "") == "75056"  # one commune for this postal code
    assert resolve_commune("47300", "Nulle-Part") is None
    assert resolve_commune("00000", "Paris") is None
    assert commune_name("47323") == "Villeneuve-sur-Lot"


def test_an_aidant_questionnaire_belongs_to_their_organisation():
    with pytest.raises(InvalidInput):
        service.start_questionnaire(aidant=UserFactory())


def _request(user=None, session=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = session if session is not None else {}
    return request


def test_a_questionnaire_is_reachable_from_its_session_its_usager_and_its_aidant():
    usager, other = UserFactory(), UserFactory()
    organisation = OrganisationFactory()
    aidant = member(Role.AIDANT, organisation=organisation)
    own = service.start_questionnaire(usager=usager)
    helped = service.start_questionnaire(aidant=aidant, organisation=organisation)
    anonymous = service.start_questionnaire()
    session = {}
    perms.remember(_request(session=session), anonymous)
    assert perms.questionnaire_for(_request(session=session), anonymous.pk) == anonymous
    assert perms.questionnaire_for(_request(usager), own.pk) == own
    assert perms.questionnaire_for(_request(aidant), helped.pk) == helped
    for request, questionnaire in [
        (_request(other), own),
        (_request(usager), helped),
        (_request(), anonymous),
    ]:
        with pytest.raises(Http404):
            perms.questionnaire_for(request, questionnaire.pk)


def test_a_caseload_is_seen_only_by_responsables_of_its_organisation():
    organisation = OrganisationFactory()
    caseload = screened_caseload(organisation)
    responsable = member(Role.RESPONSABLE, organisation=organisation)
    assert perms.caseload_for(responsable, caseload.pk) == caseload
    household = caseload.households.first()
    assert perms.household_for(responsable, caseload.pk, household.pk) == household
    for outsider in (
        member(Role.RESPONSABLE),
        member(Role.AGENT, organisation=organisation),
        member(Role.AIDANT, organisation=organisation),
    ):
        with pytest.raises(Http404):
            perms.caseload_for(outsider, caseload.pk)
    other_caseload = screened_caseload(OrganisationFactory())
    with pytest.raises(Http404):
        perms.household_for(responsable, other_caseload.pk, other_caseload.households.first().pk)
    with pytest.raises(Http404):
        perms.household_for(responsable, caseload.pk, other_caseload.households.first().pk)


@pytest.mark.usefixtures("openfisca_system")
def test_computing_rights_is_journaled_without_names():
    questionnaire = answered(ALONE_ANSWERS)
    service.compute_rights(questionnaire_id=questionnaire.pk)
    questionnaire.refresh_from_db()
    assert {b["code"] for b in questionnaire.result["benefits"]} >= {"rsa", "aides_logement"}
    entry = JournalEntry.objects.get(action="screening.simulation_calculee")
    assert entry.subject_id == str(questionnaire.pk) and "rsa" in entry.data["aides_eligibles"]


@pytest.mark.usefixtures("openfisca_system")
def test_demo_data_has_a_completed_questionnaire_and_a_caseload_and_loads_twice(
    django_capture_on_commit_callbacks,
):
    from django.core.management import call_command

    from guichet.screening.models import Caseload

    with django_capture_on_commit_callbacks(execute=False):
        call_command("load_demo")
        call_command("load_demo")
    questionnaire = Questionnaire.objects.get(usager__username="usager")
    assert questionnaire.result["benefits"] and questionnaire.answers["logement"]["code_postal"] == "47300"
    caseload = Caseload.objects.get()
    assert caseload.organisation.name == "CCAS de Villeneuve-sur-Lot" and caseload.label == "foyers-demo.csv"


@given(
    values=st.dictionaries(
        st.sampled_from(
            [
                "en_couple",
                "nb_enfants",
                "nb_autres",
                "date_naissance",
                "statut",
                "taux_incapacite",
                "scolarite",
            ]
            + ["salaires_3_mois", "chomage_3_mois", "salaires_annee_derniere", "code_insee", "code_postal"]
            + ["commune", "statut_occupation", "loyer"]
        ),
        st.text(max_size=40),
    ),
    page_key=st.sampled_from(["foyer", "personne-0", "ressources-0", "logement"]),
)
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_whatever_is_typed_the_pages_validate_without_crashing(values, page_key):
    answers = {"foyer": ALONE_ANSWERS["foyer"], page_key: values}
    current = pages.page(answers, page_key)
    form = pages.build_form(current, answers, bound=True)
    if form.is_valid():
        assert set(form.cleaned_data) == set(current.form_class.base_fields)
    else:
        assert all(str(message) for errors in form.errors.values() for message in errors)
    assert pages.first_invalid(answers) is None or pages.first_invalid(answers).key in {
        p.key for p in pages.pages(answers)
    }


def test_nul_characters_are_dropped_before_saving():
    questionnaire = service.start_questionnaire()
    service.save_page(questionnaire_id=questionnaire.pk, page_key="foyer", values={"nb_enfants": "1\x002"})
    questionnaire.refresh_from_db()
    assert questionnaire.answers["foyer"]["nb_enfants"] == "12"


@pytest.mark.parametrize("code", sorted(next_steps.OFFICIAL_PLACES))
def test_each_official_place_reads_as_french_after_aupres(code):
    """« La demande se fait auprès {{ who }} » : never « auprès de le collège »."""
    from django.utils import translation

    with translation.override("fr"):
        sentence = f"La demande se fait auprès {next_steps.official_place(code).who}"
    assert re.match(r"La demande se fait auprès (de la |de l'|de votre |du |des )", sentence), sentence
    assert not re.search(r"\bde (le|les) ", sentence), sentence
