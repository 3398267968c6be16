import datetime
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput


@dataclass(frozen=True)
class RetentionResult:
    kind: str  # what, in French: « Brouillons abandonnés »
    period: str  # the rule, in French: « plus de 180 jours sans modification »
    count: int
    action: str  # « supprimé », « pseudonymisé »…

    def line(self, *, dry_run: bool) -> str:
        verb = _("à traiter (%(action)s)") % {"action": self.action} if dry_run else self.action
        return f"{self.kind} — {self.period} : {self.count} {verb}"


class ErasureRefused(InvalidInput):
    """Erasure must wait: the messages say why, in French."""


def providers():
    return [import_module(path) for path in settings.GUICHET_PRIVACY_PROVIDERS]


def cutoff(days: int, *, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=days)


def apply_retention(*, dry_run: bool, now: datetime.datetime | None = None) -> list[RetentionResult]:
    """Every module's retention periods, each in its own transaction (a failure stops nothing else)."""
    now = now or timezone.now()
    results = []
    for provider in providers():
        with transaction.atomic():
            results.extend(provider.retention(now=now, dry_run=dry_run))
            if dry_run:
                transaction.set_rollback(True)
    return results


def export_person(person) -> dict:
    export = {
        "export": {
            "date": timezone.now().isoformat(),
            "service": settings.GUICHET_SERVICE_NAME,
            "responsable_du_traitement": settings.GUICHET_OPERATOR_NAME,
            "format": _("JSON, clés en français ; les pièces se téléchargent depuis chaque dossier."),
        }
    }
    for provider in providers():
        export.update(provider.export(person))
    return export


def erasure_refusals(person) -> list[str]:
    return [reason for provider in providers() for reason in provider.erasure_refusals(person)]


@transaction.atomic
def erase_person(*, person) -> None:
    """Erase a person's data in every module, or refuse (nothing erased) and say why."""
    refusals = erasure_refusals(person)
    if refusals:
        raise ErasureRefused(" ".join(refusals))
    try:
        for provider in reversed(providers()):  # modules that depend on accounts first, the account last
            provider.erase(person)
    except ProtectedError as exc:
        # A record the law makes a service keep (a mandate, a legal representation…) still names the
        # person: the whole erasure is rolled back rather than left half done.
        kinds = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
        raise ErasureRefused(
            _(
                "Des documents que la structure doit conserver vous concernent encore (%(kinds)s) : "
                "demandez-lui de les clore, puis redemandez l'effacement."
            )
            % {"kinds": ", ".join(kinds)}
        ) from exc
