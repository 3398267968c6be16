"""What the mandates module holds about people: mandates, consent codes, accompanied persons,
legal representations, aidants' habilitations.

A mandate and a legal representation name the person with a protected link (on_delete=PROTECT, not
nullable): they cannot be detached, so once ended and past their retention period they are deleted
with their files. The journal keeps their traces (ids and codes only).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.privacy import RetentionResult
from guichet.core.privacy.services import cutoff
from guichet.mandates.models import (
    AccompaniedPerson,
    ConsentCode,
    Habilitation,
    LegalRepresentation,
    Mandate,
    MandateState,
    RevocationFailure,
)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _name(user) -> str | None:
    return user.get_full_name() or user.username if user else None


def _delete_file_on_commit(field_file) -> None:
    """The file goes once the row's deletion is committed: a refused erasure (rolled back) keeps it."""
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


def _delete_mandates(mandates) -> int:
    count = 0
    for mandate in mandates:
        _delete_file_on_commit(mandate.signed_form)
        _delete_file_on_commit(mandate.pdf)
        mandate.delete()  # its consent codes go with it (cascade)
        count += 1
    return count


def _delete_representations(representations) -> int:
    count = 0
    for representation in representations:
        _delete_file_on_commit(representation.proof)
        representation.delete()
        count += 1
    return count


def _ended_mandates(before: datetime.datetime):
    """Revoked or expired before the date, or never consented and created before it."""
    return Mandate.objects.filter(
        Q(revoked_at__lt=before)
        | Q(revoked_at__isnull=True, expires_at__lt=before)
        | Q(consented_at__isnull=True, revoked_at__isnull=True, created_at__lt=before)
    )


def _ended_representations(before: datetime.datetime):
    """Stopped, refused or past the end of the measure before the date."""
    return LegalRepresentation.objects.filter(
        Q(ended_at__lt=before) | Q(refused_at__lt=before) | Q(ends_on__lt=timezone.localdate(before))
    )


def retention(*, now, dry_run: bool) -> list[RetentionResult]:
    code_days = settings.GUICHET_RETENTION_CONSENT_CODE_DAYS
    codes = ConsentCode.objects.filter(sent_at__lt=cutoff(code_days, now=now))
    failure_days = settings.GUICHET_RETENTION_LOGIN_LOG_DAYS
    failures = RevocationFailure.objects.filter(at__lt=cutoff(failure_days, now=now))
    years = settings.GUICHET_RETENTION_MANDATE_YEARS
    before = now - datetime.timedelta(days=365 * years)
    mandates = _ended_mandates(before)
    representations = _ended_representations(before)
    results = [
        RetentionResult(
            _("Codes de consentement envoyés par SMS"),
            _("plus de %d jours après l'envoi") % code_days,
            codes.count(),
            _("supprimé(s)"),
        ),
        RetentionResult(
            _("Essais de codes de révocation de mandat erronés"),
            _("plus de %d jours") % failure_days,
            failures.count(),
            _("supprimé(s)"),
        ),
        RetentionResult(
            _("Mandats terminés (expirés, révoqués ou jamais consentis)"),
            _("plus de %d ans après leur fin") % years,
            mandates.count(),
            _("supprimé(s) avec le formulaire signé et le PDF"),
        ),
        RetentionResult(
            _("Représentations légales terminées (arrêtées, refusées ou mesure échue)"),
            _("plus de %d ans après leur fin") % years,
            representations.count(),
            _("supprimée(s) avec leur justificatif"),
        ),
    ]
    if not dry_run:
        codes.delete()
        failures.delete()
        _delete_mandates(mandates)
        _delete_representations(representations)
    return results


def _export_mandate(mandate: Mandate) -> dict:
    return {
        "numero": mandate.reference,
        "organisation": mandate.organisation.name,
        "themes": mandate.category_labels,
        "demarches": [p.title for p in mandate.procedures.all()],
        "duree": mandate.get_duration_display(),
        "etat": str(mandate.get_state_display()),
        "consentement": mandate.get_consent_method_display(),
        "verification_d_identite": mandate.get_identity_check_display(),
        "nom_signe": mandate.signature_name,
        "cree_le": _iso(mandate.created_at),
        "cree_par": _name(mandate.created_by),
        "consenti_le": _iso(mandate.consented_at),
        "fin": _iso(mandate.expires_at),
        "revoque_le": _iso(mandate.revoked_at),
        "revoque_par": _name(mandate.revoked_by),
        "revoque_en_tant_que": mandate.revoked_as,
    }


def _export_representation(representation: LegalRepresentation, *, as_representative: bool) -> dict:
    other = representation.represented if as_representative else representation.representative
    return {
        "role_de_la_personne": _("représentant") if as_representative else _("personne représentée"),
        "autre_personne": _name(other),
        "qualite": representation.get_kind_display(),
        "justificatif": representation.get_proof_kind_display(),
        "nom_du_fichier": representation.proof_name,
        "fin_de_la_mesure": representation.ends_on.isoformat(),
        "declaree_le": _iso(representation.created_at),
        "structure_qui_verifie": representation.organisation.name,
        "verifiee_le": _iso(representation.verified_at),
        "refusee_le": _iso(representation.refused_at),
        "motif_du_refus": representation.refusal_reason,
        "arretee_le": _iso(representation.ended_at),
        "etat": representation.status_label,
    }


def export(person) -> dict:
    mandates = (
        Mandate.objects.filter(usager=person)
        .select_related("organisation", "created_by", "revoked_by")
        .prefetch_related("procedures")
    )
    representations = LegalRepresentation.objects.select_related(
        "representative", "represented", "organisation"
    )
    accompanied = AccompaniedPerson.objects.filter(user=person).select_related("organisation").first()
    return {
        "mandats": [_export_mandate(m) for m in mandates],
        "representations_legales": [
            *(
                _export_representation(r, as_representative=True)
                for r in representations.filter(representative=person)
            ),
            *(
                _export_representation(r, as_representative=False)
                for r in representations.filter(represented=person)
            ),
        ],
        "personne_accompagnee": (
            {
                "date_de_naissance": accompanied.birth_date.isoformat(),
                "structure": accompanied.organisation.name,
                "enregistree_le": _iso(accompanied.created_at),
            }
            if accompanied
            else None
        ),
        "habilitations": [
            {
                "structure": h.organisation.name,
                "etat": h.get_status_display(),
                "formation_le": h.trained_on.isoformat(),
                "charte_acceptee_le": _iso(h.charter_accepted_at),
                "habilite_le": _iso(h.enrolled_at),
                "suspendu_le": _iso(h.suspended_at),
            }
            for h in Habilitation.objects.filter(user=person).select_related("organisation")
        ],
    }


def erasure_refusals(person) -> list[str]:
    now = timezone.now()
    refusals = [
        _(
            "Votre mandat n° %(reference)s avec « %(organisation)s » est en cours : révoquez-le depuis "
            "votre espace (ou demandez-le à la structure), puis redemandez l'effacement."
        )
        % {"reference": m.reference, "organisation": m.organisation.name}
        for m in Mandate.objects.filter(usager=person).select_related("organisation")
        if m.state_at(now) == MandateState.ACTIVE
    ]
    representations = LegalRepresentation.objects.filter(Q(representative=person) | Q(represented=person))
    if any(r.is_active_at(now) for r in representations):
        refusals.append(
            _(
                "Une représentation légale (tutelle, curatelle ou autorité parentale) vous concernant est en "
                "vigueur : elle doit être arrêtée ou arriver à son terme avant l'effacement."
            )
        )
    return refusals


def erase(person) -> None:
    _delete_mandates(Mandate.objects.filter(usager=person))
    _delete_representations(
        LegalRepresentation.objects.filter(Q(representative=person) | Q(represented=person))
    )
    for habilitation in Habilitation.objects.filter(user=person):
        _delete_file_on_commit(habilitation.attachment)
        habilitation.delete()
    # The accompanied-person record goes with the account (cascade).
