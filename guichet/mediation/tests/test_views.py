import csv
import datetime
import html
import io
import re
import uuid

import pytest
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory, member
from guichet.mandates.models import Duration, Habilitation
from guichet.mandates.tests.factories import MandateFactory, expired_mandate
from guichet.mediation.models import Diagnostic, FollowedPerson, MediationSession
from guichet.mediation.tests.factories import (
    aidant_of,
    answers,
    diagnostic,
    followed_person,
    organisation_of,
    session,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def aidant(client, login_with_2fa):
    user = aidant_of(first_name="Moussa", last_name="Diallo")
    login_with_2fa(client, user)
    return user


def test_home_shows_todays_people_and_quick_links(client, aidant):
    jeanne = followed_person(organisation_of(aidant), first_name="Jeanne", last_name="Leroy")
    session(aidant, jeanne)
    content = text(client.get("/mediation/"))
    assert "Les personnes du jour" in content and "Jeanne Leroy" in content
    assert f"/mediation/personnes/{jeanne.pk}/" in content
    assert "/mediation/personnes/nouvelle/" in content


def test_an_aidant_without_an_active_membership_sees_nothing(client, login_with_2fa):
    user = aidant_of()
    jeanne = followed_person(organisation_of(user), first_name="Jeanne", last_name="Leroy")
    login_with_2fa(client, user)
    user.memberships.update(is_active=False)
    assert client.get("/mediation/").status_code == 403
    assert client.get(f"/mediation/personnes/{jeanne.pk}/").status_code == 403


def test_search_finds_only_the_organisations_people(client, aidant):
    followed_person(organisation_of(aidant), first_name="Jeanne", last_name="Leroy")
    followed_person(OrganisationFactory(), first_name="Jeanne", last_name="Autre")
    content = text(client.get("/mediation/personnes/", {"q": "jeanne"}))
    assert "Jeanne Leroy" in content and "Jeanne Autre" not in content


def test_registering_a_person_without_email_leads_to_their_page(client, aidant):
    response = client.post(
        "/mediation/personnes/nouvelle/",
        {"first_name": "Awa", "last_name": "Traoré", "birth_date": "1991-09-08", "phone": ""},
    )
    person = FollowedPerson.objects.get(organisation=organisation_of(aidant)).person
    assert response["Location"] == f"/mediation/personnes/{person.pk}/"
    assert person.email == "" and person.get_full_name() == "Awa Traoré"


def test_registration_errors_are_shown_and_typing_kept(client, aidant):
    response = client.post(
        "/mediation/personnes/nouvelle/", {"first_name": "Awa", "last_name": "", "phone": "12"}
    )
    content = text(response)
    assert "Le formulaire contient" in content and 'value="Awa"' in content
    assert not FollowedPerson.objects.exists()


def test_recording_a_session_through_the_form(client, aidant):
    person = followed_person(organisation_of(aidant))
    url = f"/mediation/personnes/{person.pk}/accompagnement/"
    assert "Thèmes abordés" in text(client.get(url))
    response = client.post(
        url,
        {
            "happened_on": timezone.localdate().isoformat(),
            "themes": ["logement", "argent"],
            "channel": "phone",
            "minutes": "25",
            "outcome": "a_poursuivre",
            "note": "Rapporter l'avis d'imposition",
        },
    )
    assert response["Location"] == f"/mediation/personnes/{person.pk}/"
    recorded = MediationSession.objects.get()
    assert (recorded.channel, recorded.minutes, recorded.aidant) == ("phone", 25, aidant)
    page = text(client.get(f"/mediation/personnes/{person.pk}/"))
    assert "Rapporter l'avis d'imposition" in page and "25 min" in page


def test_an_invalid_session_keeps_what_was_typed(client, aidant):
    person = followed_person(organisation_of(aidant))
    response = client.post(
        f"/mediation/personnes/{person.pk}/accompagnement/",
        {
            "happened_on": timezone.localdate().isoformat(),
            "themes": [],
            "channel": "phone",
            "minutes": "999",
            "outcome": "abouti",
            "note": "Garder ceci",
        },
    )
    content = text(response)
    assert response.status_code == 200 and "Le formulaire contient 2 erreurs" in content
    assert "Garder ceci" in content
    assert not MediationSession.objects.exists()


def test_running_a_diagnostic_shows_both_scores_apart(client, aidant):
    person = followed_person(organisation_of(aidant))
    url = f"/mediation/personnes/{person.pk}/diagnostic/"
    form = text(client.get(url))
    assert "Autonomie numérique" in form and "Autonomie administrative" in form
    assert "Reconnaître un message frauduleux" in form
    response = client.post(url, answers(3, 1))
    result = Diagnostic.objects.get()
    assert response["Location"] == f"/mediation/diagnostics/{result.pk}/"
    page = text(client.get(response["Location"]))
    assert "100 sur 100" in page and "33 sur 100" in page
    assert "Autonome" in page and "A besoin d'être accompagné" in page
    assert "mediation/css/mediation.css" in page  # the print stylesheet


def test_an_incomplete_diagnostic_says_which_questions_are_missing(client, aidant):
    person = followed_person(organisation_of(aidant))
    partial = answers(2, 2)
    partial.pop("delais")
    content = text(client.post(f"/mediation/personnes/{person.pk}/diagnostic/", partial))
    assert "Repérer une date limite dans un courrier : Choisissez la réponse" in content
    assert not Diagnostic.objects.exists()


def test_the_person_page_shows_the_evolution_of_each_autonomy(client, aidant):
    person = followed_person(organisation_of(aidant))
    diagnostic(aidant, person, 1, 1, taken_at=timezone.now() - timezone.timedelta(days=30))
    diagnostic(aidant, person, 2, 1)
    content = text(client.get(f"/mediation/personnes/{person.pk}/"))
    assert "+34 points" in content and "stable" in content


def test_a_usager_sees_their_own_diagnostics_and_no_one_elses(client):
    aidant = aidant_of()
    person = followed_person(aidant.memberships.get().organisation, first_name="Jeanne", last_name="Leroy")
    result = diagnostic(aidant, person, 2, 3)
    client.force_login(person)
    assert f"/mediation/diagnostics/{result.pk}/" in text(client.get("/mediation/mes-diagnostics/"))
    assert "Tous mes diagnostics" in text(client.get(f"/mediation/diagnostics/{result.pk}/"))
    client.force_login(UserFactory())
    forbidden = client.get(f"/mediation/diagnostics/{result.pk}/")
    missing = client.get(f"/mediation/diagnostics/{uuid.uuid4()}/")
    assert forbidden.status_code == missing.status_code == 404
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", forbidden.content) == token.sub(b"", missing.content)


@pytest.mark.parametrize("suffix", ["", "accompagnement/", "diagnostic/"])
def test_an_aidant_of_another_organisation_gets_the_same_404_as_for_a_missing_person(client, aidant, suffix):
    stranger = followed_person(OrganisationFactory())
    forbidden = client.get(f"/mediation/personnes/{stranger.pk}/{suffix}")
    missing = client.get(f"/mediation/personnes/{uuid.uuid4()}/{suffix}")
    assert forbidden.status_code == missing.status_code == 404
    posted = client.post(f"/mediation/personnes/{stranger.pk}/{suffix}", answers(1, 1))
    assert posted.status_code == 404
    assert not MediationSession.objects.exists() and not Diagnostic.objects.exists()


def test_an_aidant_of_another_organisation_cannot_read_a_diagnostic(client, aidant):
    other = aidant_of()
    result = diagnostic(other, followed_person(organisation_of(other)))
    assert client.get(f"/mediation/diagnostics/{result.pk}/").status_code == 404


@pytest.fixture
def responsable(client, login_with_2fa):
    aidant = aidant_of(first_name="Moussa", last_name="Diallo")
    organisation = organisation_of(aidant)
    jeanne = followed_person(organisation, first_name="Jeanne", last_name="Leroy")
    session(aidant, jeanne, themes=["logement"], minutes=40)
    diagnostic(aidant, jeanne)
    user = member(Role.RESPONSABLE, organisation=organisation)
    login_with_2fa(client, user)
    return {"user": user, "organisation": organisation, "aidant": aidant}


def test_a_responsable_with_one_organisation_goes_straight_to_its_report(client, responsable):
    response = client.get("/mediation/rapports/")
    assert response["Location"] == f"/mediation/rapports/{responsable['organisation'].pk}/"


def test_the_report_shows_svg_charts_with_data_tables(client, responsable):
    content = text(client.get(f"/mediation/rapports/{responsable['organisation'].pk}/"))
    assert content.count('<svg class="bar-chart"') == 3
    assert 'role="img"' in content and 'aria-describedby="themes-tableau"' in content
    assert '<th scope="row">Logement</th>' in content
    assert "Moussa Diallo" in content and "Jeanne" not in content
    assert "accompagnements.csv" in content


def test_the_report_filters_by_custom_dates_and_says_what_is_wrong(client, responsable):
    url = f"/mediation/rapports/{responsable['organisation'].pk}/"
    empty = text(client.get(url, {"du": "2020-01-01", "au": "2020-01-31"}))
    assert "du 1 janvier 2020 au 31 janvier 2020" in empty and "Aucune donnée sur la période." in empty
    wrong = text(client.get(url, {"du": "2020-02-01", "au": "2020-01-01"}))
    assert "La première date doit venir avant la seconde." in wrong


def test_the_csv_download_is_for_a_spreadsheet(client, responsable):
    response = client.get(
        f"/mediation/rapports/{responsable['organisation'].pk}/accompagnements.csv",
        {"mois": timezone.localdate().strftime("%Y-%m")},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Date" and rows[1][4] == "Logement" and rows[1][6] == "40"


def test_a_responsable_of_another_organisation_gets_404(client, login_with_2fa, responsable):
    other = member(Role.RESPONSABLE, organisation=OrganisationFactory())
    login_with_2fa(client, other)
    organisation_id = responsable["organisation"].pk
    assert client.get(f"/mediation/rapports/{organisation_id}/").status_code == 404
    assert client.get(f"/mediation/rapports/{organisation_id}/accompagnements.csv").status_code == 404


def test_an_analyst_sees_aggregated_figures_without_any_name(client, responsable):
    client.force_login(member(Role.ANALYSTE, organisation=OrganisationFactory()))
    content = text(client.get("/mediation/chiffres/"))
    assert "Logement" in content and "<strong>1</strong> personnes aidées" in content
    assert "Moussa" not in content and "Jeanne" not in content
    assert client.get(f"/mediation/rapports/{responsable['organisation'].pk}/").status_code == 403


def test_a_suspended_aidant_sees_nothing_and_can_record_nothing(client, login_with_2fa):
    user = aidant_of()
    organisation = organisation_of(user)
    jeanne = followed_person(organisation, first_name="Jeanne", last_name="Leroy")
    session(user, jeanne)
    result = diagnostic(user, jeanne)
    Habilitation.objects.filter(user=user).update(status=Habilitation.Status.SUSPENDED)
    login_with_2fa(client, user)
    home = text(client.get("/mediation/"))
    assert "Votre habilitation est suspendue" in home and "Jeanne" not in home
    assert "Jeanne" not in text(client.get("/mediation/personnes/", {"q": "Jeanne"}))
    for url in [f"/mediation/personnes/{jeanne.pk}/", f"/mediation/diagnostics/{result.pk}/"]:
        assert client.get(url).status_code == 404
    client.post("/mediation/personnes/nouvelle/", {"first_name": "A", "last_name": "B"})
    assert FollowedPerson.objects.count() == 1


def test_a_person_under_a_valid_mandate_is_reachable_and_listed_when_it_ends_soon(client, aidant):
    organisation = organisation_of(aidant)
    usager = UserFactory(first_name="Paul", last_name="Mandaté")
    MandateFactory(usager=usager, organisation=organisation, duration=Duration.DAY)
    home = text(client.get("/mediation/"))
    assert "Mandats qui se terminent bientôt" in home and f"/mediation/personnes/{usager.pk}/" in home
    mandate = usager.mandates.get()
    assert f"/mandats/{mandate.pk}/" in home
    page = text(client.get(f"/mediation/personnes/{usager.pk}/"))
    assert "Mandats en cours" in page and f"Mandat {mandate.reference}" in page
    session(aidant, usager)
    assert FollowedPerson.objects.filter(organisation=organisation, person=usager).exists()


def test_a_person_of_a_past_mandate_is_still_the_organisations_but_shows_no_valid_mandate(client, aidant):
    usager = UserFactory(first_name="Luc", last_name="Ancien")
    expired_mandate(usager=usager, organisation=organisation_of(aidant))
    assert "Luc Ancien" in text(client.get("/mediation/personnes/", {"q": "ancien"}))
    assert "Aucun mandat en cours" in text(client.get(f"/mediation/personnes/{usager.pk}/"))
    assert "Aucun mandat ne se termine" in text(client.get("/mediation/"))


def test_a_person_registered_through_the_mandates_module_is_found_in_mediation(client, aidant):
    from guichet.mandates.services.mandates import register_person

    person = register_person(
        organisation=organisation_of(aidant),
        by=aidant,
        first_name="Nadia",
        last_name="Inscrite",
        birth_date=datetime.date(1960, 1, 1),
    )
    assert "Nadia Inscrite" in text(client.get("/mediation/personnes/", {"q": "inscrite"}))
    assert client.get(f"/mediation/personnes/{person.pk}/").status_code == 200


def test_home_and_report_queries_do_not_grow_with_the_number_of_sessions(
    client, login_with_2fa, django_assert_max_num_queries
):
    aidant = aidant_of()
    organisation = organisation_of(aidant)
    responsable = member(Role.RESPONSABLE, organisation=organisation)
    for index in range(12):
        person = followed_person(organisation)
        session(aidant, person, themes=["social", "logement"])
        if index % 3 == 0:
            diagnostic(aidant, person)
    login_with_2fa(client, aidant)
    with django_assert_max_num_queries(15):
        assert client.get("/mediation/").status_code == 200
    login_with_2fa(client, responsable)
    with django_assert_max_num_queries(18):
        assert client.get(f"/mediation/rapports/{organisation.pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/mediation/rapports/{organisation.pk}/accompagnements.csv").status_code == 200


def test_a_session_says_where_it_happened_and_the_workspace_filters_by_place(client, aidant):
    """Issue 15, item 5: the mediation workspace can filter by place."""
    from guichet.places.models import Place

    organisation = organisation_of(aidant)

    def place(name):
        return Place.objects.create(
            source="s",
            source_id=name,
            nom=name,
            commune="Agen",
            code_postal="47000",
            adresse="1 rue",
            date_maj=datetime.date(2026, 11, 1),
            organisation=organisation,
        )

    here, there = place("Permanence de la mairie"), place("Médiathèque")
    elsewhere = Place.objects.create(
        source="s",
        source_id="x",
        nom="Ailleurs",
        commune="Agen",
        code_postal="47000",
        adresse="2 rue",
        date_maj=datetime.date(2026, 11, 1),
    )
    person = followed_person(organisation)
    url = f"/mediation/personnes/{person.pk}/accompagnement/"
    assert "Permanence de la mairie" in text(client.get(url)) and "Ailleurs" not in text(client.get(url))
    base = {
        "happened_on": timezone.localdate().isoformat(),
        "themes": ["logement"],
        "channel": "counter",
        "minutes": "20",
        "outcome": "abouti",
    }
    refused = client.post(url, {**base, "place": str(elsewhere.pk)})
    assert refused.status_code == 200 and not MediationSession.objects.exists()
    client.post(url, {**base, "place": str(here.pk)})
    client.post(url, {**base, "place": str(there.pk), "minutes": "45"})
    assert MediationSession.objects.get(place=here).minutes == 20
    page = text(client.get("/mediation/", {"lieu": str(here.pk)}))
    assert "20 min" in page and "45 min" not in page
    assert "45 min" in text(client.get("/mediation/"))
