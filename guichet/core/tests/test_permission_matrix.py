"""Every URL of the site, tried as every role, against the expected answer.

A new route without an entry in RULES fails `test_every_route_has_a_rule`. Object identifiers in URLs
are UUIDs (checked too). The JSON API has its own matrix below, by organisation token.
"""

import datetime
import re
import uuid

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from guichet.accounts.models import Role
from guichet.accounts.services import create_api_token
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory, member, totp_device
from guichet.core.notifications.services import send_notification
from guichet.core.tests.permission_rules import (  # the table, in its own file
    API_PREFIX,
    LOGIN,
    OK,
    ROLES,
    RULES,
    SKIPPED_NAMESPACES,
    STAFF,
)
from guichet.mandates.models import Habilitation
from guichet.mandates.services.representations import declare_representation
from guichet.mandates.tests.factories import PDF, MandateFactory, expired_mandate, habilitated_aidant
from guichet.mediation.models import FollowedPerson
from guichet.mediation.services import record_diagnostic
from guichet.mediation.tests.factories import answers
from guichet.places.models import Place, Referral
from guichet.procedures.models import PersonalItem
from guichet.procedures.services import folder, transitions
from guichet.procedures.tests.factories import published_procedure
from guichet.procedures.tests.test_services import complete_draft
from guichet.screening.models import Questionnaire
from guichet.screening.tests.factories import screened_caseload


def site_routes():
    """(name, pattern) of every named URL, API routes and the Django admin apart."""
    found = []

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = (
                    ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
                )
                walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return [(n, p) for n, p in found if not n.startswith(SKIPPED_NAMESPACES) and not n.startswith(API_PREFIX)]


def test_every_route_has_a_rule():
    missing = sorted({name for name, _pattern in site_routes()} - set(RULES))
    assert missing == [], f"Routes sans règle d'accès dans la matrice : {missing}"


def test_object_identifiers_in_urls_are_random_uuids():
    sequential = [p for _n, p in site_routes() if "<int:" in p or "<pk>" in p or "<id>" in p]
    assert sequential == []


@pytest.fixture
def world(db):
    organisation = OrganisationFactory(name="CCAS A")
    other = OrganisationFactory(name="CCAS B")
    procedure = published_procedure(organisation)
    usager_a = UserFactory(username="usager-a")
    started = complete_draft(procedure)
    dossier = started.dossier
    type(dossier).objects.filter(pk=dossier.pk).update(usager=usager_a)
    dossier = transitions.submit_dossier(dossier_id=dossier.pk, actor=usager_a, channel="online")
    agent = member(Role.AGENT, organisation=organisation, username="agent-a")
    transitions.request_correction(
        dossier_id=dossier.pk, actor=agent, fields=["nom"], documents=[], message="Nom à compléter"
    )
    folder.keep_from_dossier(dossier=dossier, user=usager_a, consent=True)
    token, _key = create_api_token(organisation=organisation, label="Logiciel")
    letter = send_notification(
        kind="letter",
        recipient="Camille Durand\n1 rue de la Paix\n47300 Villeneuve-sur-Lot",
        subject="Votre dossier",
        body="Bonjour",
        organisation_id=organisation.pk,
    )
    aidant = habilitated_aidant(organisation, username="aidant-a")
    mandate = MandateFactory(organisation=organisation, usager=usager_a, created_by=aidant)
    mandate.pdf.save("mandat.pdf", ContentFile(PDF))
    third = OrganisationFactory(name="Association C")
    expired_mandate(organisation=third, usager=usager_a)
    representation = declare_representation(
        representative=usager_a,
        kind="parent",
        first_name="Léa",
        last_name="A",
        birth_date=datetime.date.today().replace(year=datetime.date.today().year - 8, day=1),
        proof_kind="livret",
        proof=SimpleUploadedFile("livret.pdf", PDF),
        organisation=organisation,
    )
    questionnaire = Questionnaire.objects.create(usager=usager_a)
    screened = screened_caseload(organisation)
    users = {
        "usager_a": usager_a,
        "usager_b": UserFactory(username="usager-b"),
        "agent": agent,
        "agent_other": member(Role.AGENT, organisation=other, username="agent-b"),
        "aidant": aidant,
        "aidant_no_mandate": habilitated_aidant(other, username="aidant-b"),
        "aidant_expired": habilitated_aidant(third, username="aidant-c"),
        "aidant_suspended": habilitated_aidant(
            organisation, status=Habilitation.Status.SUSPENDED, username="aidant-suspendu"
        ),
        "responsable": member(Role.RESPONSABLE, organisation=organisation, username="resp-a"),
        "analyste": member(Role.ANALYSTE, organisation=organisation, username="analyste-a"),
    }
    FollowedPerson.objects.create(organisation=organisation, person=usager_a)
    diagnostic = record_diagnostic(
        aidant=users["aidant"], organisation=organisation, person=usager_a, answers=answers(1, 2)
    )
    return {
        "users": users,
        "kwargs": {
            "dossier_id": dossier.pk,
            "attachment_id": dossier.attachments.get().pk,
            "receipt_id": dossier.issued_receipts.first().pk,
            "section_key": "identite",
            "slug": procedure.slug,
            "procedure_id": procedure.pk,
            "organisation_id": organisation.pk,
            "token_id": token.pk,
            "notification_id": letter.pk,
            "item_id": PersonalItem.objects.filter(user=usager_a).first().pk,
            "mandate_id": mandate.pk,
            "habilitation_id": aidant.habilitations.get().pk,
            "person_id": usager_a.pk,
            "representation_id": representation.pk,
            "questionnaire_id": questionnaire.pk,
            "page_key": "foyer",
            "caseload_id": screened.pk,
            "household_id": screened.households.first().pk,
            "uidb64": "MQ",
            "token": "x-y",
            "diagnostic_id": diagnostic.pk,
            "name": "mednum.csv",
            "referral_id": Referral.objects.create(
                place=Place.objects.create(
                    source="matrice",
                    source_id="2",
                    nom="Lieu de la structure",
                    commune="Agen",
                    code_postal="47000",
                    adresse="2 rue",
                    date_maj=datetime.date(2026, 1, 1),
                    organisation=organisation,
                ),
                need="Aide aux démarches administratives",
                person_name="Personne orientée",
                notify_by="papier",
                consent_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            ).pk,
            **_appointment_kwargs(organisation),
            **_instruction_kwargs(procedure, users["responsable"]),
            "place_id": Place.objects.create(
                source="matrice",
                source_id="1",
                nom="Lieu",
                commune="Agen",
                code_postal="47000",
                adresse="1 rue",
                date_maj=datetime.date(2026, 1, 1),
            ).pk,
        },
        "actions": {
            "procedures:agent_action": "instruire",
            "procedures:editor_action": "section",
            "places:referral_action": "accepter",
            "instruction:dossier_team": "suivre",
        },
    }


def _instruction_kwargs(procedure, responsable) -> dict:
    """A second group with a routing rule; creating it makes the default group, with every agent of the
    organisation, which receives the dossier already deposited."""
    from guichet.instruction.services import groups

    group = groups.save_group(procedure=procedure, actor=responsable, label="Secteur B")
    field = groups.field_choices(procedure)[0][0]
    rule = groups.save_rule(
        procedure=procedure, actor=responsable, group=group, combinator="toutes",
        conditions=[{"field": field, "operator": "egal", "value": "personne ailleurs"}],
    )  # fmt: skip
    from guichet.instruction.services import replies

    reply = replies.save_reply(
        procedure=procedure, actor=responsable, title="Pièce manquante", body="Envoyez-la."
    )
    return {"group_id": group.pk, "rule_id": rule.pk, "reply_id": reply.pk}


def _appointment_kwargs(organisation) -> dict:
    from guichet.appointments.services.booking import book
    from guichet.appointments.tests.factories import make_motif, make_place

    motif = make_motif(place=make_place(organisation=organisation), weekdays=range(7))
    motif.min_notice_hours = 0
    motif.save()
    from guichet.appointments.selectors import slots_of

    booking, _code = book(
        motif=motif, starts_at=slots_of(motif)[0].starts_at, channel="phone", person_name="Personne attendue",
        postal_address="1 rue de la Paix 47300",
    )  # fmt: skip
    from django.utils import timezone

    from guichet.appointments.services import fair

    scarce = make_motif(place=motif.place, fair_mode=True)
    now = timezone.now()
    window = fair.open_window(
        motif=scarce, opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=1),
        slots_from=(now + datetime.timedelta(days=2)).date(), slots_until=(now + datetime.timedelta(days=9)).date(),
    )  # fmt: skip
    draw_request, _code = fair.request_place(
        window=window, channel="phone", person_name="Personne au tirage", birth_date=datetime.date(1980, 1, 1),
        postal_address="1 rue de la Paix 47300",
    )  # fmt: skip
    return {
        "motif_id": motif.pk,
        "reference": booking.reference,
        "booking_id": booking.pk,
        "draw_id": window.pk,
        "request_id": draw_request.pk,
        "opening_id": motif.openings.first().pk,
    }


def _client(world, role):
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    if role == "anonymous":
        return client
    user = world["users"][role]
    client.force_login(user)
    if role in STAFF:
        device = user.totpdevice_set.first() or totp_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return LOGIN
    if response.status_code in (403, 404):
        return str(response.status_code)
    assert response.status_code < 500, response.status_code
    return OK


@pytest.mark.parametrize("name,pattern", site_routes(), ids=[n for n, _ in site_routes()])
def test_route_answers_each_role_as_the_matrix_says(world, name, pattern):
    method, expected = RULES[name]
    kwargs = {k: v for k, v in world["kwargs"].items() if f"<{k}>" in pattern or f":{k}>" in pattern}
    if name in world["actions"]:
        kwargs["action"] = world["actions"][name]
    url = reverse(name, kwargs=kwargs)
    seen, cacheable = {}, []
    for role in ROLES:
        client = _client(world, role)
        with transaction.atomic():
            response = getattr(client, method)(url)
            seen[role] = _outcome(response)
            transaction.set_rollback(True)  # each role sees the same data
        # What a page shows a person (dossier, receipt, letter, export, code) never stays in a cache.
        if "no-store" not in response.get("Cache-Control", ""):
            cacheable.append(role)
    assert seen == expected
    assert cacheable == [], f"{name} peut être gardé en cache pour : {cacheable}"


def test_an_unknown_dossier_and_a_forbidden_one_look_the_same(world):
    client = _client(world, "usager_b")
    forbidden = client.get(
        reverse("procedures:dossier", kwargs={"dossier_id": world["kwargs"]["dossier_id"]})
    )
    missing = client.get(reverse("procedures:dossier", kwargs={"dossier_id": uuid.uuid4()}))
    assert forbidden.status_code == missing.status_code == 404
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", forbidden.content) == token.sub(b"", missing.content)


def test_admin_requires_staff(client, db):
    assert client.get(f"/{settings.ADMIN_URL}").status_code == 302
