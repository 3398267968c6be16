"""Demo organisations and people for `make run`. Idempotent: a second run changes nothing."""

import base64
import hashlib

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from guichet.accounts import services
from guichet.accounts.models import Organisation, Role, User

DEMO_PASSWORD = "Guichet-demo-2026"

ORGANISATIONS = [
    {
        "name": "CCAS de Villeneuve-sur-Lot",
        "kind": Organisation.Kind.CCAS,
        "email": "ccas@villeneuve.example",
        "phone": "+33553000001",
        "address": "Centre communal d'action sociale\n12 rue de la Mairie\n47300 Villeneuve-sur-Lot",
    },
    {
        "name": "France Services de Villeneuve-sur-Lot",
        "kind": Organisation.Kind.FRANCE_SERVICES,
        "email": "franceservices@villeneuve.example",
        "phone": "+33553000002",
        "address": "France Services\n3 place Lafayette\n47300 Villeneuve-sur-Lot",
    },
    {
        "name": "Association Lien numérique 47",
        "kind": Organisation.Kind.ASSOCIATION,
        "email": "contact@liennumerique47.example",
        "phone": "+33553000003",
        "address": "Lien numérique 47\n8 avenue de Bordeaux\n47300 Villeneuve-sur-Lot",
    },
]

PEOPLE = [
    ("agent", "Claire", "Martin", "claire.martin@villeneuve.example", [(0, Role.AGENT)]),
    ("agent2", "Julien", "Moreau", "julien.moreau@villeneuve.example", [(0, Role.AGENT)]),
    ("aidant", "Moussa", "Diallo", "moussa.diallo@franceservices.example", [(1, Role.AIDANT)]),
    ("responsable", "Sophie", "Bernard", "sophie.bernard@villeneuve.example", [(0, Role.RESPONSABLE)]),
    ("analyste", "Karim", "Petit", "karim.petit@villeneuve.example", [(0, Role.ANALYSTE)]),
    ("usager", "Jeannine", "Leroy", "", []),
]


def demo_totp_key(username: str) -> str:
    """A fixed TOTP secret per demo account, so every `make run` prints the same one."""
    return hashlib.sha256(f"guichet-demo-totp:{username}".encode()).hexdigest()[:40]


@transaction.atomic
def load_demo() -> list[str]:
    organisations = []
    for spec in ORGANISATIONS:
        organisation = Organisation.objects.filter(name=spec["name"]).first()
        if organisation is None:
            organisation = services.create_organisation(**spec)
        organisations.append(organisation)

    logins = []
    for username, first_name, last_name, email, roles in PEOPLE:
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            user = services.create_user(
                username=username,
                password=DEMO_PASSWORD,
                email=email,
                first_name=first_name,
                last_name=last_name,
            )
        for index, role in roles:
            services.add_member(user=user, organisation=organisations[index], role=role)
        device = None
        if roles:
            device, _created = TOTPDevice.objects.get_or_create(
                user=user, name="Démo", defaults={"key": demo_totp_key(username), "confirmed": True}
            )
        roles_label = ", ".join(f"{role.label} ({organisations[i].name})" for i, role in roles) or "usager"
        logins.append(f"  {username:<12} {roles_label}")
        if device:
            logins.append(
                f"  {'':<12} clé TOTP : {base64.b32encode(device.bin_key).decode()}  "
                f"(code du moment : .venv/bin/python manage.py demo_otp {username})"
            )
    return [f"Comptes de démonstration — mot de passe commun : {DEMO_PASSWORD}", *logins]
