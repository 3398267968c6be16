from django.db.models import QuerySet

from guichet.accounts.models import ApiToken, Membership, Organisation, User


def active_memberships(user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


def roles_of(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_guichet_roles", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True))
        user._guichet_roles = cached
    return cached


def organisations_where(user: User, role: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=role, memberships__is_active=True
    ).distinct()


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "role")
    )


def api_tokens_of(organisation: Organisation) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation=organisation).order_by("-created_at")
