"""Every write on people, organisations, roles, two-factor devices and API tokens."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from guichet.accounts.models import ApiToken, Membership, Organisation, Role, User
from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.core.notifications.services import notify_account_holder

RECOVERY_CODE_COUNT = 10


@transaction.atomic
def create_organisation(
    *, name: str, kind: str, email: str = "", phone: str = "", address: str = ""
) -> Organisation:
    if kind not in Organisation.Kind.values:
        raise InvalidInput(_("Type d'organisation inconnu : %s.") % kind)
    return Organisation.objects.create(
        name=name.strip(), kind=kind, email=email, phone=phone, address=address
    )


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
) -> User:
    user = User(
        username=username.strip(),
        email=email.strip().lower(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        phone=phone,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages)) from exc
        user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise InvalidInput(_("Cet identifiant ou cette adresse électronique est déjà utilisé.")) from exc
    return user


@transaction.atomic
def add_member(*, user: User, organisation: Organisation, role: str) -> Membership:
    if role not in Role.values:
        raise InvalidInput(_("Rôle inconnu : %s.") % role)
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_active": True}
    )
    return membership


@transaction.atomic
def deactivate_member(*, membership: Membership) -> Membership:
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    return membership


# A pending enrolment shows its secret on screen: it stops working after this long.
ENROLMENT_VALIDITY = datetime.timedelta(minutes=10)


def has_confirmed_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_enrolment(*, user: User) -> TOTPDevice | None:
    """The unconfirmed device being enrolled, if it was started less than ENROLMENT_VALIDITY ago."""
    expired_before = timezone.now() - ENROLMENT_VALIDITY
    TOTPDevice.objects.filter(user=user, confirmed=False, created_at__lt=expired_before).delete()
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@transaction.atomic
def start_totp_enrolment(*, user: User, session_verified: bool) -> TOTPDevice:
    """A fresh unconfirmed TOTP device; earlier unconfirmed ones are dropped.

    When the account already has a second factor, only a session that passed it may enrol another.
    """
    if has_confirmed_second_factor(user) and not session_verified:
        raise PermissionDenied(_("Saisissez d'abord le code de votre application actuelle."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Application d'authentification"), confirmed=False)


@transaction.atomic
def confirm_totp_enrolment(*, device: TOTPDevice, token: str, session_verified: bool) -> list[str]:
    """Confirm the device with a first code; return one-time recovery codes, shown once.

    A session that has not passed the account's existing second factor can never confirm a new one
    (reading a pending secret with the password alone must not open the account), and the holder is
    told through their own channel that a device was added.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed:
        raise InvalidInput(_("Cette application est déjà enregistrée."))
    user = device.user
    if has_confirmed_second_factor(user) and not session_verified:
        raise PermissionDenied(_("Saisissez d'abord le code de votre application actuelle."))
    if device.created_at < timezone.now() - ENROLMENT_VALIDITY:
        device.delete()
        raise InvalidInput(_("Cet enregistrement a expiré (10 minutes). Recommencez depuis le début."))
    if not device.verify_token((token or "").replace(" ", "")):
        raise InvalidInput(
            _("Le code ne correspond pas. Saisissez les 6 chiffres affichés par l'application.")
        )
    had_one = has_confirmed_second_factor(user)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    if had_one:
        notify_account_holder(
            user,
            subject=_("Une application de double authentification a été ajoutée à votre compte"),
            body=_(
                "Bonjour,\n\nUne nouvelle application d'authentification vient d'être ajoutée à votre compte "
                "Guichet (%(username)s), le %(when)s.\n\nSi ce n'est pas vous, prévenez tout de suite "
                "le responsable de votre structure : quelqu'un connaît votre mot de passe."
            )
            % {"username": user.username, "when": timezone.localtime().strftime("%d/%m/%Y à %H h %M")},
        )
    return regenerate_recovery_codes(user=user)


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def create_api_token(*, organisation: Organisation, label: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its clear key, which is never stored nor shown again."""
    label = (label or "").strip()
    if not label:
        raise InvalidInput(_("Donnez un libellé au jeton, par exemple le nom du logiciel qui l'utilisera."))
    key = settings.GUICHET_API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation, label=label[:100], key_hash=ApiToken.hash_key(key), prefix=key[:12]
    )
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def authenticate_api_key(*, key: str) -> ApiToken | None:
    if not key:
        return None
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
