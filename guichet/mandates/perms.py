"""Who may see or do what with aidants and mandates. Forbidden and missing objects give the same 404."""

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guichet.accounts.models import Role, User
from guichet.accounts.selectors import organisations_where
from guichet.core import journal
from guichet.core.channels import Channel
from guichet.core.exceptions import PermissionDenied
from guichet.mandates import selectors
from guichet.mandates.models import Habilitation, LegalRepresentation, Mandate, MandateState

ACTING_SESSION_KEY = "guichet_mandats_choisis"
FOLLOWED_SESSION_KEY = "guichet_mandats_suivis"


class MandateRefused(PermissionDenied):
    """An aidant may not act: the French message says why. The refusal is journaled after the
    request's rollback (by the error middleware), so that it is kept although nothing else is."""

    code = "mandat_refuse"

    def __init__(
        self, message: str, *, reason: str, actor, mandate=None, subject=("mandat", ""), person_id=None
    ):
        super().__init__(message)
        self.reason, self.actor, self.mandate, self.subject = reason, actor, mandate, subject
        self.person_id = person_id

    def after_rollback(self) -> None:
        with transaction.atomic():
            record_refusal(
                actor=self.actor,
                mandate=self.mandate,
                reason=self.reason,
                subject=self.subject,
                person_id=self.person_id,
            )


def record_refusal(*, actor, mandate, reason: str, subject=("mandat", ""), person_id=None) -> None:
    subject_type, subject_id = subject
    journal.record(
        action="mandat.refus",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        channel=Channel.AIDANT,
        organisation_id=mandate.organisation_id if mandate else None,
        subject_type=subject_type,
        subject_id=subject_id or (str(mandate.pk) if mandate else "-"),
        on_behalf_of_id=mandate.usager_id if mandate else person_id,
        mandate_id=mandate.pk if mandate else None,
        data={"motif": reason},
    )


covers = selectors.covers


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y à H\\hi")


def problem_with(mandate: Mandate, *, user: User, procedure=None) -> tuple[str, str] | None:
    """(reason code, French message) when the user may not act under this mandate now; None if they may."""
    if not selectors.is_habilitated(user=user, organisation=mandate.organisation):
        return "non_habilite", _(
            "Votre habilitation d'aidant pour « %s » est suspendue ou n'existe pas : vous ne pouvez agir pour "
            "personne. Adressez-vous au responsable de votre structure."
        ) % mandate.organisation
    return validity_problem(mandate, procedure=procedure)


def validity_problem(mandate: Mandate, *, procedure=None) -> tuple[str, str] | None:
    """(reason code, French message) when the mandate does not allow acting now (on this procedure)."""
    state = mandate.state
    if state == MandateState.REVOKED:
        return "revoque", _(
            "Le mandat n° %(ref)s a été révoqué le %(when)s : vous ne pouvez plus agir pour cette personne. "
            "Rien de ce que vous venez d'envoyer n'a été enregistré. Si la personne le souhaite, créez avec "
            "elle un nouveau mandat."
        ) % {"ref": mandate.reference, "when": _when(mandate.revoked_at)}
    if state == MandateState.EXPIRED:
        return "expire", _(
            "Le mandat n° %(ref)s a pris fin le %(when)s : vous ne pouvez plus agir pour cette personne. "
            "Rien de ce que vous venez d'envoyer n'a été enregistré. Proposez-lui de le renouveler."
        ) % {"ref": mandate.reference, "when": _when(mandate.expires_at)}
    if state != MandateState.ACTIVE:
        return "sans_consentement", _(
            "Le mandat n° %s n'a pas encore reçu le consentement de la personne : il ne permet pas d'agir."
        ) % mandate.reference
    if procedure is not None and not covers(mandate, procedure):
        return "hors_champ", _(
            "Le mandat n° %(ref)s ne couvre pas la démarche « %(title)s » (thème « %(theme)s ») : la personne "
            "ne vous a pas autorisé à la faire pour elle."
        ) % {"ref": mandate.reference, "title": procedure.title, "theme": procedure.get_category_display()}
    return None


def check_can_act(mandate: Mandate, *, user: User, procedure=None, subject=None) -> None:
    problem = problem_with(mandate, user=user, procedure=procedure)
    if problem is not None:
        reason, message = problem
        raise MandateRefused(
            message,
            reason=reason,
            actor=user,
            mandate=mandate,
            subject=subject or ("mandat", str(mandate.pk)),
        )


def require_habilitated(user: User, organisation) -> None:
    if not selectors.is_habilitated(user=user, organisation=organisation):
        raise MandateRefused(
            _(
                "Votre habilitation d'aidant pour « %s » est suspendue ou n'existe pas : vous ne pouvez agir "
                "pour personne. Adressez-vous au responsable de votre structure."
            )
            % organisation,
            reason="non_habilite",
            actor=user,
            subject=("organisation", str(organisation.pk)),
        )


def aidant_organisations(user: User):
    """Organisations where the user is an aidant (habilitated or not): views then say why they can't act."""
    return organisations_where(user, Role.AIDANT)


def mandate_for_aidant(user: User, mandate_id) -> Mandate:
    """A mandate of an organisation where the user is aidant; a suspended aidant is refused with a reason."""
    mandate = (
        Mandate.objects.select_related("usager", "organisation", "created_by")
        .filter(pk=mandate_id, organisation__in=aidant_organisations(user))
        .first()
    )
    if mandate is None:
        raise Http404
    require_habilitated(user, mandate.organisation)
    return mandate


def mandate_for_usager(user: User, mandate_id) -> Mandate:
    mandate = Mandate.objects.select_related("organisation").filter(pk=mandate_id, usager=user).first()
    if mandate is None or not user.is_authenticated:
        raise Http404
    return mandate


def mandate_for_responsable(user: User, mandate_id) -> Mandate:
    mandate = (
        Mandate.objects.select_related("usager", "organisation")
        .filter(pk=mandate_id, organisation__in=organisations_where(user, Role.RESPONSABLE))
        .first()
    )
    if mandate is None:
        raise Http404
    return mandate


def habilitation_for_responsable(user: User, habilitation_id) -> Habilitation:
    habilitation = (
        Habilitation.objects.select_related("user", "organisation")
        .filter(pk=habilitation_id, organisation__in=organisations_where(user, Role.RESPONSABLE))
        .first()
    )
    if habilitation is None:
        raise Http404
    return habilitation


def person_for_aidant(organisation, person_id) -> User:
    """A person the aidant may pick: one with a mandate in the organisation, or registered by it."""
    person = (
        User.objects.filter(
            Q(mandates__organisation=organisation) | Q(accompanied__organisation=organisation)
        )
        .filter(pk=person_id, memberships__isnull=True)
        .distinct()
        .first()
    )
    if person is None:
        raise Http404
    return person


# Acting on a dossier under a mandate chosen in this browser session -------------------------------


def choose_mandate(request, dossier, mandate: Mandate) -> None:
    chosen = {k: v for k, v in request.session.get(ACTING_SESSION_KEY, {}).items() if k != str(dossier.pk)}
    chosen[str(dossier.pk)] = str(mandate.pk)
    request.session[ACTING_SESSION_KEY] = dict(list(chosen.items())[-20:])


def acting_mandate(request, dossier) -> Mandate | None:
    """The mandate this aidant chose for the dossier, checked again now; None when there is none.

    Raises MandateRefused (a French page saying why, journaled) when the mandate was revoked or expired
    since, no longer covers the procedure, or the aidant was suspended.
    """
    mandate_id = request.session.get(ACTING_SESSION_KEY, {}).get(str(dossier.pk))
    if mandate_id is None or not request.user.is_authenticated:
        return None
    mandate = Mandate.objects.select_related("organisation").filter(pk=mandate_id).first()
    if mandate is None or mandate.usager_id != dossier.usager_id:
        return None
    check_can_act(
        mandate, user=request.user, procedure=dossier.procedure, subject=("dossier", str(dossier.pk))
    )
    return mandate


def acting_representation(request, dossier) -> LegalRepresentation | None:
    """The user's legal representation of the dossier's usager, checked now; refused with the reason
    when it has ended."""
    if not request.user.is_authenticated or dossier.usager_id is None:
        return None
    representation = (
        LegalRepresentation.objects.filter(representative=request.user, represented_id=dossier.usager_id)
        .order_by("-created_at")
        .first()
    )
    if representation is None:
        return None
    if not representation.is_active_at():
        raise MandateRefused(
            _(
                "Votre représentation légale de cette personne n'est pas valable (%s) : vous ne pouvez pas "
                "agir pour elle. Rien de ce que vous venez d'envoyer n'a été enregistré."
            )
            % representation.status_label,
            reason="representation_terminee",
            actor=request.user,
            subject=("dossier", str(dossier.pk)),
            person_id=dossier.usager_id,
        )
    return representation


def representation_for(user: User, representation_id) -> LegalRepresentation:
    representation = (
        LegalRepresentation.objects.select_related("represented")
        .filter(pk=representation_id, representative_id=getattr(user, "pk", None))
        .first()
    )
    if representation is None:
        raise Http404
    return representation


def grant_mandate_followup(request, mandate: Mandate) -> None:
    """This browser session proved it holds the mandate's reference and follow-up code."""
    followed = [m for m in request.session.get(FOLLOWED_SESSION_KEY, []) if m != str(mandate.pk)]
    request.session[FOLLOWED_SESSION_KEY] = [*followed[-9:], str(mandate.pk)]


def mandate_followed(request, mandate_id) -> Mandate:
    if str(mandate_id) not in request.session.get(FOLLOWED_SESSION_KEY, []):
        raise Http404
    return Mandate.objects.select_related("organisation", "usager").get(pk=mandate_id)


def representation_to_check(user: User, representation_id) -> LegalRepresentation:
    """A representation whose proof this agent or responsable's organisation checks; else 404."""
    organisations = set()
    for role in (Role.AGENT, Role.RESPONSABLE):
        organisations |= set(organisations_where(user, role).values_list("pk", flat=True))
    representation = (
        LegalRepresentation.objects.select_related("representative", "represented", "organisation")
        .filter(pk=representation_id, organisation_id__in=organisations)
        .first()
    )
    if representation is None:
        raise Http404
    return representation
