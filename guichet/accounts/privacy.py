"""What accounts hold about people: the account, roles, identity-provider links, second factors."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from guichet.accounts.models import ExternalIdentity, Membership
from guichet.core.privacy import RetentionResult
from guichet.core.privacy.services import cutoff


def retention(*, now, dry_run: bool) -> list[RetentionResult]:
    link_days = settings.GUICHET_RETENTION_IDENTITY_LINK_DAYS
    links = ExternalIdentity.objects.filter(last_login_at__lt=cutoff(link_days, now=now))
    log_days = settings.GUICHET_RETENTION_LOGIN_LOG_DAYS
    before = cutoff(log_days, now=now)
    logs = [
        AccessAttempt.objects.filter(attempt_time__lt=before),
        AccessLog.objects.filter(attempt_time__lt=before),
        AccessFailureLog.objects.filter(attempt_time__lt=before),
    ]
    results = [
        RetentionResult(
            _("Liens avec un fournisseur d'identité (FranceConnect…)"),
            _("inutilisés depuis plus de %d jours") % link_days,
            links.count(),
            _("supprimé(s)"),
        ),
        RetentionResult(
            _("Traces de connexion (échecs, blocages)"),
            _("plus de %d jours") % log_days,
            sum(log.count() for log in logs),
            _("supprimée(s)"),
        ),
    ]
    if not dry_run:
        links.delete()
        for log in logs:
            log.delete()
    return results


def export(person) -> dict:
    return {
        "personne": {
            "identifiant": person.username,
            "prenom": person.first_name,
            "nom": person.last_name,
            "adresse_electronique": person.email,
            "telephone": person.phone,
            "compte_cree_le": person.date_joined.isoformat(),
            "derniere_connexion": person.last_login.isoformat() if person.last_login else None,
        },
        "roles": [
            {"organisation": m.organisation.name, "role": m.get_role_display(), "actif": m.is_active}
            for m in Membership.objects.filter(user=person).select_related("organisation")
        ],
        "identites_externes": [
            {
                "fournisseur": link.provider,
                "identifiant_chez_le_fournisseur": link.subject,
                "lie_le": link.created_at.isoformat(),
                "derniere_utilisation": link.last_login_at.isoformat() if link.last_login_at else None,
            }
            for link in ExternalIdentity.objects.filter(user=person)
        ],
        "double_authentification": {
            "application_enregistree": TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
            "codes_de_secours_restants": StaticToken.objects.filter(device__user=person).count(),
        },
    }


def erasure_refusals(person) -> list[str]:
    if Membership.objects.filter(user=person, is_active=True).exists():
        return [
            _(
                "Ce compte porte un rôle dans une structure (agent, aidant, responsable ou analyste) : "
                "c'est la structure qui le ferme, après avoir confié ses dossiers à quelqu'un d'autre."
            )
        ]
    return []


def erase(person) -> None:
    person.delete()  # roles, identity links and second factors go with it (cascade)
