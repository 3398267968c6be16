"""The questionnaire: start it, save each page as typed, compute the rights, open a procedure pre-filled.

The engine (`guichet.screening.engine`) is imported inside the functions that compute: loading
OpenFisca-France takes seconds, and pages that only save answers must not pay for it.
"""

import datetime
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.core.journal import record
from guichet.procedures.services.common import (
    CODE_ALPHABET,
    code_fingerprint,
    fingerprint_matches,
    new_followup_code,
)
from guichet.screening import pages
from guichet.screening.models import Questionnaire, ReopenFailure

MAX_VALUE_LENGTH = 200
THREE = Decimal(3)
CENT = Decimal("0.01")


def _person_or_none(user):
    return user if user is not None and user.is_authenticated else None


@transaction.atomic
def start_questionnaire(*, usager=None, aidant=None, organisation=None) -> Questionnaire:
    """A new, empty questionnaire; an aidant's one is tied to the organisation they help for."""
    if aidant is not None and organisation is None:
        raise InvalidInput(_("Un aidant fait une simulation au nom de sa structure."))
    return Questionnaire.objects.create(
        usager=_person_or_none(usager), aidant=_person_or_none(aidant), organisation=organisation
    )


@transaction.atomic
def save_page(*, questionnaire_id, page_key: str, values: dict) -> Questionnaire:
    """Keep the page's values exactly as typed, valid or not: nothing typed is lost."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire_id)
    current = pages.page(questionnaire.answers, page_key)
    if current is None:
        raise InvalidInput(_("Cette page n'existe pas pour ce foyer."))
    known = set(current.form_class.base_fields)
    # NUL characters cannot be stored by PostgreSQL and are never typed by a person: dropped.
    typed = {
        key: str(value).replace("\x00", "").strip()[:MAX_VALUE_LENGTH]
        for key, value in values.items()
        if key in known
    }
    answers = {**questionnaire.answers, page_key: typed}
    questionnaire.answers = answers
    questionnaire.result = {}
    questionnaire.computed_at = None
    questionnaire.save(update_fields=["answers", "result", "computed_at", "updated_at"])
    return questionnaire


@transaction.atomic
def attach_to_usager(*, questionnaire: Questionnaire, user) -> Questionnaire:
    """A person who logs in keeps the questionnaire they started without an account."""
    if questionnaire.usager_id is None and questionnaire.aidant_id is None and user.is_authenticated:
        questionnaire.usager = user
        questionnaire.save(update_fields=["usager", "updated_at"])
    return questionnaire


@transaction.atomic
def delete_questionnaire(*, questionnaire: Questionnaire) -> None:
    """The person (or their aidant) erases the answers; nothing of them is kept."""
    questionnaire.delete()


def _monthly(total_three_months: Decimal) -> Decimal:
    return (total_three_months / THREE).quantize(CENT)


def build_household(answers: dict):
    """The engine's Household from complete answers (InvalidInput naming the page otherwise)."""
    from guichet.screening.household import Household, Person

    missing = pages.first_invalid(answers)
    if missing is not None:
        raise InvalidInput(_("La page « %s » est incomplète ou contient une erreur.") % missing.title)
    values = pages.cleaned(answers)
    people = []
    for index, (role, _title) in enumerate(pages.persons(answers)):
        person = values[f"personne-{index}"]
        resources = values.get(f"ressources-{index}", {})
        yearly_raw = answers.get(f"ressources-{index}", {}).get("salaires_annee_derniere", "")
        people.append(
            Person(
                role=role,
                date_naissance=person["date_naissance"],
                salaire_net_mensuel=_monthly(resources.get("salaires_3_mois", Decimal(0))),
                chomage_net_mensuel=_monthly(resources.get("chomage_3_mois", Decimal(0))),
                retraite_nette_mensuelle=_monthly(resources.get("retraite_3_mois", Decimal(0))),
                aah_taux_incapacite=person.get("taux_incapacite") or 0,
                salaire_net_annuel_n1=resources["salaires_annee_derniere"] if yearly_raw else None,
                etudiant=person.get("statut") == "etudiant",
                scolarite=person.get("scolarite", ""),
            )
        )
    housing = values[pages.HOUSING]
    return Household(
        persons=tuple(people),
        depcom=housing["code_insee"],
        loyer_mensuel=housing.get("loyer") or Decimal(0),
        statut_occupation=housing["statut_occupation"],
    )


@transaction.atomic
def compute_rights(*, questionnaire_id, actor=None, period: str | None = None) -> Questionnaire:
    """Screen the household with OpenFisca-France and keep the result with the answers."""
    from guichet.screening.engine import screen_household

    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire_id)
    result = screen_household(build_household(questionnaire.answers), period=period)
    questionnaire.result = result.to_dict()
    questionnaire.computed_at = timezone.now()
    questionnaire.save(update_fields=["result", "computed_at", "updated_at"])
    eligible = [b.code for b in result.benefits if b.eligible]
    record(
        action="screening.simulation_calculee",
        actor=_person_or_none(actor),
        channel=Channel.AIDANT if questionnaire.aidant_id else Channel.ONLINE,
        organisation_id=questionnaire.organisation_id,
        subject_type="simulation",
        subject_id=str(questionnaire.pk),
        on_behalf_of_id=questionnaire.usager_id,
        data={"periode": result.period, "aides_eligibles": eligible},
    )
    return questionnaire


def procedure_answers(answers: dict) -> dict[str, str]:
    """What the questionnaire already knows, under the field keys procedures commonly use.

    Only the keys a procedure's definition declares are kept by `drafts.save_answers`.
    """
    values = pages.cleaned(answers)
    household = values[pages.HOUSEHOLD]
    housing = values[pages.HOUSING]
    born: datetime.date = values["personne-0"]["date_naissance"]
    monthly = Decimal(0)
    for index, (role, _title) in enumerate(pages.persons(answers)):
        if role == "enfant":
            continue
        resources = values[f"ressources-{index}"]
        monthly += sum(
            (resources[k] for k in ("salaires_3_mois", "chomage_3_mois", "retraite_3_mois")), Decimal(0)
        )
    children = household["nb_enfants"]
    prefill = {
        "date_naissance": born.isoformat(),
        "a_des_enfants": "oui" if children else "non",
        "revenus": f"{_monthly(monthly)}".replace(".", ","),
        "code_insee": housing["code_insee"],
    }
    if children:
        prefill["nb_enfants"] = str(children)
    if housing.get("loyer"):
        prefill["loyer"] = f"{housing['loyer']}".replace(".", ",")
    return prefill


REOPEN_FAILURE_WINDOW = datetime.timedelta(minutes=15)
REOPEN_MAX_FAILURES = 5


@transaction.atomic
def give_reopen_code(*, questionnaire_id) -> tuple[str, str]:
    """A number and a new secret code that reopen this simulation from any device (the previous code,
    if any, stops working). Only the code's fingerprint is kept."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire_id)
    while not questionnaire.reference:
        reference = "S-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(7))
        if not Questionnaire.objects.filter(reference=reference).exists():
            questionnaire.reference = reference
    code = new_followup_code()
    questionnaire.code_hash = code_fingerprint(code)
    questionnaire.save(update_fields=["reference", "code_hash", "updated_at"])
    return questionnaire.reference, code


def reopen(*, reference: str, code: str) -> Questionnaire:
    """The simulation whose number and code match; slowed down after repeated failures on a number.

    Not atomic on purpose: a failure stays recorded when the error is raised."""
    reference = "".join(ch for ch in (reference or "").upper() if ch.isalnum())
    reference = "S-" + (reference[1:] if len(reference) == 8 and reference.startswith("S") else reference)
    recent = ReopenFailure.objects.filter(
        reference=reference[:12], at__gte=timezone.now() - REOPEN_FAILURE_WINDOW
    )
    if recent.count() >= REOPEN_MAX_FAILURES:
        raise InvalidInput(_("Trop d'essais pour ce numéro de simulation. Réessayez dans 15 minutes."))
    questionnaire = Questionnaire.objects.filter(reference=reference).first()
    if questionnaire is None or not fingerprint_matches(questionnaire.code_hash, code):
        ReopenFailure.objects.create(reference=reference[:12])
        raise InvalidInput(
            _("Le numéro de simulation ou le code ne correspond pas. Vérifiez les deux, tels que notés.")
        )
    return questionnaire
