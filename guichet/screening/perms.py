"""Who may see a questionnaire or a caseload. A forbidden object gives the same 404 as a missing one.

- A questionnaire: the browser session that started it, its usager's account, the aidant who filled
  it with the person.
- A caseload and its households: the responsables of its organisation only (personal data of many
  households: agents and aidants do not see them).
"""

from django.http import Http404

from guichet.accounts.models import Role
from guichet.accounts.selectors import organisations_where
from guichet.screening.models import Caseload, CaseloadHousehold, Questionnaire

SESSION_KEY = "guichet_simulations"


def remember(request, questionnaire: Questionnaire) -> None:
    kept = [q for q in request.session.get(SESSION_KEY, []) if q != str(questionnaire.pk)]
    request.session[SESSION_KEY] = [*kept[-9:], str(questionnaire.pk)]


def session_questionnaire_ids(request) -> list[str]:
    return list(request.session.get(SESSION_KEY, []))


def can_open(request, questionnaire: Questionnaire) -> bool:
    user = request.user
    if user.is_authenticated and user.pk in (questionnaire.usager_id, questionnaire.aidant_id):
        return True
    return str(questionnaire.pk) in request.session.get(SESSION_KEY, [])


def questionnaire_for(request, questionnaire_id) -> Questionnaire:
    questionnaire = Questionnaire.objects.filter(pk=questionnaire_id).first()
    if questionnaire is None or not can_open(request, questionnaire):
        raise Http404
    return questionnaire


def aidant_organisation(user):
    """The organisation an aidant helps for (their first one), None for anybody else."""
    if not user.is_authenticated:
        return None
    return organisations_where(user, Role.AIDANT).order_by("name").first()


def managed_organisation_ids(user) -> set:
    if not user.is_authenticated:
        return set()
    return set(organisations_where(user, Role.RESPONSABLE).values_list("pk", flat=True))


def caseload_for(user, caseload_id) -> Caseload:
    caseload = (
        Caseload.objects.select_related("organisation")
        .filter(pk=caseload_id, organisation_id__in=managed_organisation_ids(user))
        .first()
    )
    if caseload is None:
        raise Http404
    return caseload


def household_for(user, caseload_id, household_id) -> CaseloadHousehold:
    caseload = caseload_for(user, caseload_id)
    household = CaseloadHousehold.objects.filter(pk=household_id, caseload=caseload).first()
    if household is None:
        raise Http404
    return household
