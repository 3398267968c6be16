"""Agents follow dossiers (several at once), stop following, or hand a dossier over to a colleague, who
then follows it and is told. An agent follows a dossier on their own when they start its instruction,
write to the person, ask for a correction or decide."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput
from guichet.core.notifications.services import notify_account_holder
from guichet.instruction.models import Follower
from guichet.instruction.perms import can_instruct
from guichet.instruction.services import journal


def is_following(dossier, user) -> bool:
    return Follower.objects.filter(dossier=dossier, user=user, until__isnull=True).exists()


@transaction.atomic
def follow(*, dossier, user, forwarded_by=None) -> Follower:
    """Idempotent: following a dossier one already follows changes nothing (a double click)."""
    current = Follower.objects.filter(dossier=dossier, user=user, until__isnull=True).first()
    if current is not None:
        return current
    try:
        with transaction.atomic():
            follower = Follower.objects.create(
                dossier=dossier, user=user, since=timezone.now(), forwarded_by=forwarded_by
            )
    except IntegrityError:  # the same click twice at once
        return Follower.objects.get(dossier=dossier, user=user, until__isnull=True)
    journal.about_dossier("suivi", dossier=dossier, actor=forwarded_by or user, data={"agent": str(user.pk)})
    return follower


@transaction.atomic
def unfollow(*, dossier, user) -> None:
    stopped = Follower.objects.filter(dossier=dossier, user=user, until__isnull=True).update(
        until=timezone.now()
    )
    if stopped:
        journal.about_dossier("suivi_arrete", dossier=dossier, actor=user, data={"agent": str(user.pk)})


@transaction.atomic
def forward(*, dossier, sender, colleague, keep_following: bool = False) -> Follower:
    """« Transmettre à un collègue »: the colleague must be able to open the dossier (their groups)."""
    if colleague.pk == sender.pk:
        raise InvalidInput(_("Choisissez un collègue : vous suivez déjà ce dossier."))
    if not can_instruct(colleague, dossier):
        raise InvalidInput(
            _("Ce collègue ne peut pas ouvrir ce dossier : il n'est pas dans le groupe qui l'instruit.")
        )
    follower = follow(dossier=dossier, user=colleague, forwarded_by=sender)
    if not keep_following:
        unfollow(dossier=dossier, user=sender)
    link = reverse("procedures:agent_dossier", kwargs={"dossier_id": dossier.pk})
    transaction.on_commit(
        lambda: notify_account_holder(
            colleague,
            subject=_("Un dossier vous est transmis : %(number)s") % {"number": dossier.number},
            body=_(
                "%(sender)s vous a transmis le dossier %(number)s (%(title)s). Vous le suivez désormais. "
                "Ouvrez-le dans Guichet : %(link)s"
            )
            % {
                "sender": sender.get_full_name() or sender.get_username(),
                "number": dossier.number,
                "title": dossier.procedure_version.procedure.title,
                "link": link,
            },
            organisation_id=dossier.organisation_id,
        )
    )
    journal.about_dossier("transmis", dossier=dossier, actor=sender, data={"agent": str(colleague.pk)})
    return follower
