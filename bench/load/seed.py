"""Seed a dedicated database for the load test: one organisation, one procedure, staff with known TOTP
secrets, and deposited dossiers (for agents to decide and for follow-up by number + code).

Run by bench/load/run_load.py with DATABASE_URL pointing at the dedicated database; writes the accounts
and codes the scenario needs to the JSON file given as first argument. Never run against real data.
"""

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from guichet.accounts import services as accounts  # noqa: E402
from guichet.accounts.models import Organisation, Role  # noqa: E402
from guichet.core.channels import Channel  # noqa: E402
from guichet.procedures.services import catalogue, drafts, transitions  # noqa: E402

PASSWORD = "Charge-cheval-agrafe-nuage"
AGENTS = 40  # one account per simulated agent: a TOTP code is accepted once per device
AIDANTS = 40
DOSSIERS_PER_AGENT = 40
FOLLOWUP_DOSSIERS = 200
DEFINITION = {
    "sections": [
        {
            "key": "identite",
            "title": "Identité",
            "fields": [
                {"key": "nom", "type": "text", "label": "Nom et prénom", "required": True},
                {"key": "naissance", "type": "date", "label": "Date de naissance", "required": True},
                {"key": "enfants", "type": "yesno", "label": "Avez-vous des enfants ?", "required": True},
            ],
        },
        {
            "key": "situation",
            "title": "Situation",
            "fields": [
                {"key": "motif", "type": "textarea", "label": "Votre situation", "required": True},
                {"key": "revenus", "type": "text", "label": "Revenus du mois", "required": False},
            ],
        },
    ],
    "documents": [],
}
ANSWERS = {
    "nom": "Camille Durand",
    "naissance": "1980-05-04",
    "enfants": "non",
    "motif": "Hébergée chez un proche",
}


def deposited(procedure) -> tuple:
    started = drafts.start_dossier(procedure=procedure, channel=Channel.ONLINE)
    dossier = started.dossier
    drafts.save_answers(dossier_id=dossier.pk, values=ANSWERS)
    drafts.set_contact(
        dossier_id=dossier.pk,
        contact_name="Camille Durand",
        contact_email="",
        contact_phone="",
        contact_address="",
        notify_by="none",
    )
    transitions.submit_dossier(dossier_id=dossier.pk, actor=None, channel=Channel.ONLINE)
    return dossier, started.followup_code


@transaction.atomic
def seed() -> dict:
    organisation = accounts.create_organisation(name="CCAS de la charge", kind=Organisation.Kind.CCAS)
    mediation = accounts.create_organisation(name="France Services de la charge", kind="france_services")
    procedure = catalogue.create_procedure(
        organisation=organisation,
        title="Aide d'urgence (charge)",
        category="social",
        slug="charge-aide",
        publish=True,
    )
    catalogue.publish_version(
        procedure=procedure, definition=DEFINITION, instruction_delay=30, implicit_decision="rejection"
    )
    staff = {"agents": [], "aidants": []}
    for kind, role, org, count in (
        ("agents", Role.AGENT, organisation, AGENTS),
        ("aidants", Role.AIDANT, mediation, AIDANTS),
    ):
        for index in range(count):
            user = accounts.create_user(username=f"charge-{role}-{index}", password=PASSWORD)
            accounts.add_member(user=user, organisation=org, role=role)
            device = TOTPDevice.objects.create(user=user, name="Charge", confirmed=True)
            staff[kind].append({"username": user.username, "key": device.key, "dossiers": []})
    for agent in staff["agents"]:
        for _ in range(DOSSIERS_PER_AGENT):
            agent["dossiers"].append(str(deposited(procedure)[0].pk))
    followups = []
    for _ in range(FOLLOWUP_DOSSIERS):
        dossier, code = deposited(procedure)
        followups.append({"number": dossier.number, "code": code})
    return {"password": PASSWORD, "slug": procedure.slug, **staff, "followups": followups}


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(json.dumps(seed(), indent=1), encoding="utf-8")
