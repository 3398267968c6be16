"""Who may see or do what in mediation. A forbidden object gives the same 404 as a missing one.

- an aidant sees the persons and sessions of the organisations where they are a habilitated aidant;
  a suspended aidant sees nothing;
- a responsable sees the activity reports of the organisations they manage;
- an analyst sees aggregated figures only, never a name;
- a person sees their own diagnostics.
"""

from django.http import Http404

from guichet.accounts.models import Organisation, Role, User
from guichet.accounts.perms import has_role, managed_organisation_for
from guichet.accounts.selectors import organisations_where
from guichet.mandates.selectors import is_habilitated, people_of_organisation
from guichet.mediation.models import Diagnostic, FollowedPerson


def aidant_organisations(user: User) -> list[Organisation]:
    """The organisations for which this person is a habilitated aidant right now (none if suspended)."""
    if not user.is_authenticated:
        return []
    return [
        organisation
        for organisation in organisations_where(user, Role.AIDANT).order_by("name")
        if is_habilitated(user=user, organisation=organisation)
    ]


def is_followed_by(person: User, organisation: Organisation) -> bool:
    """The organisation accompanies the person: its mediation helped them, or its aidants registered
    them or hold (or held) a mandate from them (mandates module)."""
    return (
        FollowedPerson.objects.filter(organisation=organisation, person=person).exists()
        or people_of_organisation(organisation).filter(pk=person.pk).exists()
    )


def aidant_organisation_for(user: User, organisation_id) -> Organisation:
    for organisation in aidant_organisations(user):
        if str(organisation.pk) == str(organisation_id):
            return organisation
    raise Http404


def person_for_aidant(user: User, person_id) -> tuple[User, list[Organisation]]:
    """The person and those of the aidant's organisations that follow them; 404 if none does."""
    person = User.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    organisations = [o for o in aidant_organisations(user) if is_followed_by(person, o)]
    if not organisations:
        raise Http404
    return person, organisations


def diagnostic_for_viewer(user: User, diagnostic_id) -> Diagnostic:
    """Its person, or a habilitated aidant of the organisation that ran it."""
    diagnostic = (
        Diagnostic.objects.select_related("person", "aidant", "organisation").filter(pk=diagnostic_id).first()
    )
    if diagnostic is None or not user.is_authenticated:
        raise Http404
    if diagnostic.person_id == user.pk:
        return diagnostic
    if diagnostic.organisation_id in {o.pk for o in aidant_organisations(user)}:
        return diagnostic
    raise Http404


def report_organisation_for(user: User, organisation_id) -> Organisation:
    return managed_organisation_for(user, organisation_id)


def reportable_organisations(user: User) -> list[Organisation]:
    return list(organisations_where(user, Role.RESPONSABLE).order_by("name"))


def can_see_aggregates(user: User) -> bool:
    return has_role(user, Role.ANALYSTE)
