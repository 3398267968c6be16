import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from guichet.accounts.models import Membership, Organisation, Role, User

PASSWORD = "Mot-de-passe-de-test-1"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = Organisation.Kind.CCAS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"personne{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.AGENT


def member(role: str, organisation: Organisation | None = None, **user_kwargs) -> User:
    membership = MembershipFactory(
        role=role, organisation=organisation or OrganisationFactory(), user=UserFactory(**user_kwargs)
    )
    return membership.user


def totp_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
