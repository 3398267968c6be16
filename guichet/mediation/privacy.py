"""What the mediation module holds about people: sessions, two-autonomies diagnostics, follow-ups.

A session and a diagnostic name the person with a required link (on_delete=CASCADE, not nullable):
they cannot be detached to keep the aggregate reports, so past their retention period they are
deleted, and the reports of those years no longer count them.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from guichet.core.privacy import RetentionResult
from guichet.mediation import diagnostic as diag
from guichet.mediation.models import Diagnostic, FollowedPerson, MediationSession


def retention(*, now, dry_run: bool) -> list[RetentionResult]:
    years = settings.GUICHET_RETENTION_MEDIATION_YEARS
    before = now - datetime.timedelta(days=365 * years)
    sessions = MediationSession.objects.filter(happened_on__lt=before.date())
    diagnostics = Diagnostic.objects.filter(taken_at__lt=before)
    results = [
        RetentionResult(
            _("Accompagnements"),
            _("plus de %d ans") % years,
            sessions.count(),
            _("supprimé(s) (la personne ne peut en être détachée : les bilans ne les comptent plus)"),
        ),
        RetentionResult(
            _("Diagnostics des deux autonomies"),
            _("plus de %d ans") % years,
            diagnostics.count(),
            _("supprimé(s) (la personne ne peut en être détachée : les bilans ne les comptent plus)"),
        ),
    ]
    if not dry_run:
        sessions.delete()  # their themes go with them (cascade)
        diagnostics.delete()
    return results


def _answers(answers: dict) -> dict:
    questions = {q["key"]: q for q in diag.QUESTIONS}
    return {
        str(questions[key]["label"]) if key in questions else key: (
            diag.answer_label(questions[key], value) if key in questions else value
        )
        for key, value in answers.items()
    }


def export(person) -> dict:
    sessions = (
        MediationSession.objects.filter(person=person)
        .select_related("organisation", "aidant")
        .prefetch_related("themes")
    )
    diagnostics = Diagnostic.objects.filter(person=person).select_related("organisation", "aidant")
    return {
        "accompagnements": [
            {
                "date": s.happened_on.isoformat(),
                "structure": s.organisation.name,
                "aidant": s.aidant.get_full_name() or s.aidant.username,
                "canal": s.get_channel_display(),
                "themes": [t.get_theme_display() for t in s.themes.all()],
                "temps_passe_minutes": s.minutes,
                "resultat": s.get_outcome_display(),
                "note": s.note,
            }
            for s in sessions
        ],
        "diagnostics": [
            {
                "date": d.taken_at.isoformat(),
                "structure": d.organisation.name,
                "aidant": d.aidant.get_full_name() or d.aidant.username,
                "version_des_questions": d.questions_version,
                "autonomie_numerique": d.digital_score,
                "autonomie_administrative": d.administrative_score,
                "reponses": _answers(d.answers),
            }
            for d in diagnostics
        ],
        "structures_qui_vous_accompagnent": [
            {"structure": f.organisation.name, "depuis_le": f.created_at.isoformat()}
            for f in FollowedPerson.objects.filter(person=person).select_related("organisation")
        ],
    }


def erasure_refusals(person) -> list[str]:
    return []  # no legal obligation keeps a mediation record against the person's will


def erase(person) -> None:
    MediationSession.objects.filter(person=person).delete()
    Diagnostic.objects.filter(person=person).delete()
    FollowedPerson.objects.filter(person=person).delete()
