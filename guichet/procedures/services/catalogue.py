"""Procedures and their versions. A published version is frozen: changes make a new version."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guichet.core.delays import DelayUnit, check_delay
from guichet.core.exceptions import InvalidInput
from guichet.procedures.definition import validate_definition
from guichet.procedures.models import Category, ImplicitDecision, Procedure, ProcedureVersion


@transaction.atomic
def create_procedure(
    *, organisation, title: str, category: str, summary: str = "", slug: str = "", publish: bool = False
) -> Procedure:
    if category not in Category.values:
        raise InvalidInput(_("Thème inconnu : %s.") % category)
    if not title.strip():
        raise InvalidInput(_("Donnez un intitulé à la démarche."))
    try:
        with transaction.atomic():
            return Procedure.objects.create(
                organisation=organisation,
                title=title.strip(),
                summary=summary.strip(),
                category=category,
                slug=slug or slugify(title)[:80],
                is_published=publish,
            )
    except IntegrityError as exc:
        raise InvalidInput(
            _("Une démarche utilise déjà cette adresse courte : choisissez-en une autre.")
        ) from exc


@transaction.atomic
def publish_version(
    *,
    procedure: Procedure,
    definition: dict,
    instruction_delay: int,
    implicit_decision: str,
    instruction_unit: str = DelayUnit.DAYS,
    completion_days: int = 30,
) -> ProcedureVersion:
    """Publish a new version; dossiers already started keep theirs."""
    validate_definition(definition)
    if implicit_decision not in ImplicitDecision.values:
        raise InvalidInput(_("Règle de décision implicite inconnue."))
    problem = check_delay(instruction_delay, instruction_unit)
    if problem:
        raise InvalidInput(problem)
    if not 1 <= completion_days <= 365:
        raise InvalidInput(_("Le délai pour compléter va de 1 à 365 jours."))
    Procedure.objects.select_for_update().get(pk=procedure.pk)
    last = procedure.versions.order_by("-number").first()
    return ProcedureVersion.objects.create(
        procedure=procedure,
        number=(last.number + 1) if last else 1,
        definition=definition,
        instruction_delay=instruction_delay,
        instruction_unit=instruction_unit,
        implicit_decision=implicit_decision,
        completion_days=completion_days,
        published_at=timezone.now(),
    )
