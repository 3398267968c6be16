"""Dossiers through the JSON API, for an organisation's own systems (token auth)."""

import datetime
import uuid

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.procedures.models import Dossier, NotifyBy, Procedure
from guichet.procedures.services import drafts, transitions
from guichet.procedures.services import messages as dossier_messages

router = Router(tags=["Dossiers"])


class ContactIn(Schema):
    nom: str
    prevenir_par: NotifyBy = NotifyBy.NONE
    courriel: str = ""
    telephone: str = ""
    adresse_postale: str = ""


class DossierIn(Schema):
    demarche: str
    canal: Channel
    date_reception: datetime.datetime | None = None
    contact: ContactIn
    reponses: dict[str, str] = {}
    deposer: bool = True


class EventOut(Schema):
    action: str
    etat: str
    canal: str
    date: datetime.datetime


class DossierOut(Schema):
    id: uuid.UUID
    numero: str
    demarche: str
    etat: str
    etat_libelle: str
    canal: str
    date_reception: datetime.datetime | None
    date_decision_implicite: datetime.date | None
    reponses: dict
    historique: list[EventOut]


class DossierCreatedOut(DossierOut):
    code_suivi: str


class MessageIn(Schema):
    texte: str


class MessageOut(Schema):
    id: uuid.UUID
    de_l_usager: bool
    texte: str
    date: datetime.datetime


def _out(dossier: Dossier) -> dict:
    return {
        "id": dossier.pk,
        "numero": dossier.number,
        "demarche": dossier.procedure_version.procedure.slug,
        "etat": dossier.state,
        "etat_libelle": str(dossier.get_state_display()),
        "canal": dossier.channel,
        "date_reception": dossier.received_at,
        "date_decision_implicite": dossier.decision_due_on,
        "reponses": dossier.answers,
        "historique": [
            {"action": e.action, "etat": e.to_state, "canal": e.channel, "date": e.at}
            for e in dossier.events.all()
        ],
    }


def _dossier_of(request, dossier_id) -> Dossier:
    dossier = (
        Dossier.objects.select_related("procedure_version__procedure")
        .filter(pk=dossier_id, organisation=request.api_organisation)
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


@router.get(
    "/dossiers", response=list[DossierOut], summary="Les dossiers de l'organisation, 200 au plus par page"
)
def list_dossiers(
    request,
    etat: str = "",
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=10_000_000),
):
    dossiers = (
        Dossier.objects.filter(organisation=request.api_organisation)
        .select_related("procedure_version__procedure")
        .prefetch_related("events")
        .order_by("-created_at")
    )
    if etat:
        dossiers = dossiers.filter(state=etat)
    return [_out(d) for d in dossiers[offset : offset + limit]]


@router.post(
    "/dossiers", response={201: DossierCreatedOut}, summary="Enregistrer une demande reçue par un canal"
)
def create_dossier(request, payload: DossierIn):
    procedure = Procedure.objects.filter(slug=payload.demarche, organisation=request.api_organisation).first()
    if procedure is None:
        raise InvalidInput(_("Démarche inconnue pour cette organisation : %s.") % payload.demarche)
    started = drafts.start_dossier(
        procedure=procedure,
        channel=payload.canal,
        received_at=payload.date_reception,
        contact_name=payload.contact.nom,
    )
    dossier = drafts.save_answers(dossier_id=started.dossier.pk, values=payload.reponses)
    errors = drafts.set_contact(
        dossier_id=dossier.pk,
        contact_name=payload.contact.nom,
        contact_email=payload.contact.courriel,
        contact_phone=payload.contact.telephone,
        contact_address=payload.contact.adresse_postale,
        notify_by=payload.contact.prevenir_par,
    )
    if errors:
        raise InvalidInput(" ".join(errors.values()))
    if payload.deposer:
        dossier = transitions.submit_dossier(dossier_id=dossier.pk, actor=None, channel=payload.canal)
    dossier.refresh_from_db()
    return Status(201, {**_out(dossier), "code_suivi": started.followup_code})


@router.get("/dossiers/{dossier_id}", response=DossierOut, summary="Un dossier")
def get_dossier(request, dossier_id: uuid.UUID):
    return _out(_dossier_of(request, dossier_id))


@router.get("/dossiers/{dossier_id}/messages", response=list[MessageOut], summary="Les messages d'un dossier")
def list_messages(request, dossier_id: uuid.UUID):
    dossier = _dossier_of(request, dossier_id)
    return [
        {"id": m.pk, "de_l_usager": m.from_usager, "texte": m.body, "date": m.created_at}
        for m in dossier.messages.all()
    ]


@router.post("/dossiers/{dossier_id}/messages", response={201: MessageOut}, summary="Écrire à l'usager")
def post_message(request, dossier_id: uuid.UUID, payload: MessageIn):
    dossier = _dossier_of(request, dossier_id)
    message = dossier_messages.message_to_usager(dossier=dossier, author=None, body=payload.texte)
    return Status(
        201, {"id": message.pk, "de_l_usager": False, "texte": message.body, "date": message.created_at}
    )
