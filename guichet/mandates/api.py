"""Mandates through the JSON API: an organisation reads its mandates, anyone with a token verifies one."""

import datetime
import uuid

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from guichet.mandates import perms, selectors
from guichet.mandates.models import Mandate
from guichet.procedures.models import Procedure

router = Router(tags=["Mandats"])


class MandateOut(Schema):
    id: uuid.UUID
    numero: str
    usager: uuid.UUID
    etat: str
    etat_libelle: str
    themes: list[str]
    demarches: list[str]
    duree: str
    consentement: str
    debut: datetime.datetime | None
    fin: datetime.datetime | None
    revoque_le: datetime.datetime | None


class VerificationOut(Schema):
    valide: bool
    motif: str
    message: str
    numero: str
    organisation: str
    fin: datetime.datetime | None


def _out(mandate: Mandate) -> dict:
    return {
        "id": mandate.pk,
        "numero": mandate.reference,
        "usager": mandate.usager_id,
        "etat": mandate.state,
        "etat_libelle": str(mandate.get_state_display()),
        "themes": mandate.categories,
        "demarches": [p.slug for p in mandate.procedures.all()],
        "duree": mandate.duration,
        "consentement": mandate.consent_method,
        "debut": mandate.consented_at,
        "fin": mandate.expires_at,
        "revoque_le": mandate.revoked_at,
    }


@router.get("/mandats", response=list[MandateOut], summary="Les mandats reçus par l'organisation du jeton")
def list_mandates(
    request,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=10_000_000),
):
    mandates = selectors.mandates_of_organisation(request.api_organisation)
    return [_out(m) for m in mandates[offset : offset + limit]]


@router.get(
    "/mandats/{mandate_id}/verification",
    response=VerificationOut,
    summary="Ce mandat permet-il, maintenant, d'agir pour cet usager sur cette démarche ?",
)
def verify_mandate(request, mandate_id: uuid.UUID, usager: uuid.UUID, demarche: str = ""):
    # A mandate given by someone else answers exactly as a missing one: nothing of it (number,
    # organisation, end date) is told to whoever guesses or reuses its identifier.
    mandate = Mandate.objects.select_related("organisation").filter(pk=mandate_id, usager_id=usager).first()
    if mandate is None:
        raise Http404
    procedure = None
    if demarche:
        procedure = Procedure.objects.filter(slug=demarche).first()
        if procedure is None:
            raise Http404
    problem = perms.validity_problem(mandate, procedure=procedure)
    return {
        "valide": problem is None,
        "motif": problem[0] if problem else "",
        "message": problem[1] if problem else _("Ce mandat est en cours et couvre cette démarche."),
        "numero": mandate.reference,
        "organisation": mandate.organisation.name,
        "fin": mandate.expires_at,
    }
