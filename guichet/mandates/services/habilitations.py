"""A responsable enrols, suspends and reactivates the aidants of their organisation."""

import datetime

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from guichet.accounts import services as accounts_services
from guichet.accounts.models import Organisation, Role, User
from guichet.accounts.perms import can_manage_organisation
from guichet.core import journal
from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.core.notifications.services import send_notification
from guichet.mandates.models import Habilitation
from guichet.mandates.services.files import check_proof


def _require_manager(by: User, organisation: Organisation) -> None:
    if not can_manage_organisation(by, organisation):
        raise PermissionDenied(_("Seul un responsable de cette organisation peut gérer ses aidants."))


@transaction.atomic
def enrol_aidant(
    *,
    organisation: Organisation,
    by: User,
    first_name: str,
    last_name: str,
    email: str,
    trained_on: datetime.date,
    attestation,
    charter_accepted: bool,
) -> Habilitation:
    """Give a person the aidant role and the habilitation; their first login will require TOTP."""
    _require_manager(by, organisation)
    if not charter_accepted:
        raise InvalidInput(_("L'aidant doit avoir accepté la charte pour être habilité."))
    if trained_on > timezone.localdate():
        raise InvalidInput(_("La date de formation ne peut pas être dans le futur."))
    checked = check_proof(attestation, what=_("l'attestation de formation"))
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first() if email else None
    if user is None:
        user = accounts_services.create_user(
            username=email, password=None, email=email, first_name=first_name, last_name=last_name
        )
    if Habilitation.objects.filter(user=user, organisation=organisation).exists():
        raise InvalidInput(_("Cette personne est déjà aidante de votre organisation."))
    accounts_services.add_member(user=user, organisation=organisation, role=Role.AIDANT)
    habilitation = Habilitation(
        user=user,
        organisation=organisation,
        trained_on=trained_on,
        attachment_name=checked.name,
        attachment_type=checked.content_type,
        attachment_sha256=checked.sha256,
        charter_accepted_at=timezone.now(),
        enrolled_by=by,
    )
    habilitation.attachment.save(habilitation.id.hex, attestation, save=False)
    habilitation.save()
    journal.record(
        action="habilitation.accordee",
        actor=by,
        organisation_id=organisation.pk,
        subject_type="habilitation",
        subject_id=str(habilitation.pk),
        data={"aidant": str(user.pk), "attestation_sha256": checked.sha256},
    )
    return habilitation


def invite_aidant(*, habilitation: Habilitation, site_url: str) -> None:
    """E-mail a link to choose a password (a new aidant has none); the login then asks for TOTP."""
    user = habilitation.user
    if user.has_usable_password() or not user.email:
        return
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_notification(
        kind="email",
        recipient=user.email,
        subject=_("Votre habilitation d'aidant pour %s") % habilitation.organisation,
        body=_(
            "Bonjour,\n\nVous êtes habilité comme aidant pour %(org)s. Choisissez votre mot de passe : "
            "%(url)s\n\nÀ votre première connexion, vous activerez la double authentification avec une "
            "application sur votre téléphone : elle est obligatoire pour agir pour une personne."
        )
        % {"org": habilitation.organisation, "url": site_url.rstrip("/") + path},
    )


@transaction.atomic
def suspend_habilitation(*, habilitation: Habilitation, by: User, reason: str) -> Habilitation:
    """Takes effect at the aidant's next request: every aidant view and service checks it."""
    _require_manager(by, habilitation.organisation)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Indiquez le motif de la suspension : l'aidant le lira."))
    if habilitation.status == Habilitation.Status.SUSPENDED:
        return habilitation
    habilitation.status = Habilitation.Status.SUSPENDED
    habilitation.suspended_at = timezone.now()
    habilitation.suspension_reason = reason[:2000]
    habilitation.save(update_fields=["status", "suspended_at", "suspension_reason"])
    journal.record(
        action="habilitation.suspendue",
        actor=by,
        organisation_id=habilitation.organisation_id,
        subject_type="habilitation",
        subject_id=str(habilitation.pk),
        data={"aidant": str(habilitation.user_id)},
    )
    return habilitation


@transaction.atomic
def reactivate_habilitation(*, habilitation: Habilitation, by: User) -> Habilitation:
    _require_manager(by, habilitation.organisation)
    if habilitation.status == Habilitation.Status.ACTIVE:
        return habilitation
    habilitation.status = Habilitation.Status.ACTIVE
    habilitation.suspended_at = None
    habilitation.suspension_reason = ""
    habilitation.save(update_fields=["status", "suspended_at", "suspension_reason"])
    journal.record(
        action="habilitation.retablie",
        actor=by,
        organisation_id=habilitation.organisation_id,
        subject_type="habilitation",
        subject_id=str(habilitation.pk),
        data={"aidant": str(habilitation.user_id)},
    )
    return habilitation
