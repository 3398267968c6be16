"""Every text an editor controls reaches pages escaped (issue 21, finding 2).

A responsable's help text `<meta http-equiv="refresh" content="5;url=…">` was printed raw on the
anonymous usager's form (django-dsfr prints help_text with |safe): the browser went to another site.
"""

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from guichet.accounts.tests.factories import OrganisationFactory
from guichet.procedures import receipts
from guichet.procedures.models import Dossier
from guichet.procedures.tests.factories import published_procedure
from guichet.procedures.tests.test_services import deposited

REPO = Path(__file__).resolve().parents[3]
PAYLOAD = '<meta http-equiv="refresh" content="5;url=https://x.example/"><a href="https://x.example/">ici</a>'
RAW = re.compile(r"<meta http-equiv|<a href=\"https://x\.example")


def _hostile_definition() -> dict:
    return {
        "sections": [
            {
                "key": "identite",
                "title": "Identité " + PAYLOAD,
                "fields": [
                    {
                        "key": "nom",
                        "type": "text",
                        "label": "Nom " + PAYLOAD,
                        "help": PAYLOAD,
                        "required": True,
                    },
                    {
                        "key": "situation",
                        "type": "choice",
                        "label": "Situation " + PAYLOAD,
                        "help": PAYLOAD,
                        "choices": ["Seul " + PAYLOAD, "Couple"],
                        "required": True,
                    },
                    {"key": "accord", "type": "yesno", "label": "Accord", "help": PAYLOAD, "required": True},
                ],
            }
        ],
        "documents": [
            {
                "key": "piece",
                "label": "Pièce " + PAYLOAD,
                "required": False,
                "accept": ["pdf"],
                "max_size_mb": 1,
            }
        ],
    }


@pytest.mark.django_db
def test_help_texts_labels_choices_and_titles_of_a_procedure_are_escaped_on_the_usager_pages(client):
    organisation = OrganisationFactory(name="CCAS " + PAYLOAD[:60])
    procedure = published_procedure(organisation, definition=_hostile_definition())
    pages = [client.get(f"/demarches/{procedure.slug}/")]
    client.post(f"/demarches/{procedure.slug}/commencer/")
    dossier = Dossier.objects.get()
    for path in ("etape/identite/", "pieces/", "coordonnees/", "recapitulatif/"):
        pages.append(client.get(f"/dossiers/{dossier.pk}/{path}"))
    for page in pages:
        assert page.status_code == 200, page.request["PATH_INFO"]
        content = page.content.decode()
        assert not RAW.search(content), page.request["PATH_INFO"]
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in pages[1].content.decode()


@pytest.mark.django_db
def test_the_receipt_and_letters_escape_what_editors_and_agents_typed():
    dossier = deposited()
    Dossier.objects.filter(pk=dossier.pk).update(contact_name="Camille " + PAYLOAD)
    dossier.procedure_version.procedure.title = "Aide " + PAYLOAD
    dossier.procedure_version.procedure.save()
    dossier.refresh_from_db()
    html = render_to_string(
        "procedures/pdf/receipt.html",
        receipts.receipt_context(dossier, followup_url="https://g.example/suivi/"),
    )
    assert not RAW.search(html)


def test_no_template_turns_escaping_off_except_for_our_own_markup():
    allowed = {"accounts/templates/accounts/otp_setup.html": "the QR code, an SVG we generate"}
    offenders = []
    for path in (REPO / "guichet").rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        relative = str(path.relative_to(REPO / "guichet"))
        if re.search(r"\|\s*safe\b|autoescape\s+off|\|\s*safeseq", text) and relative not in allowed:
            offenders.append(relative)
    assert offenders == []
