"""Delays as the law counts them: a number and a unit, months from date to date (issue 22, point 2)."""

import datetime
import zoneinfo

import pytest
from django.template.loader import render_to_string

from guichet.core.delays import add_delay, delay_text
from guichet.core.exceptions import InvalidInput
from guichet.procedures import receipts
from guichet.procedures.models import Outage
from guichet.procedures.services import catalogue
from guichet.procedures.services.deadlines import decision_due_on
from guichet.procedures.tests.factories import SIMPLE, published_procedure
from guichet.procedures.tests.test_services import deposited

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("received", "months", "due"),
    [
        ("2026-01-31", 2, "2026-03-31"),
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2028-02-29", 2, "2028-04-29"),
        ("2026-12-31", 2, "2027-02-28"),
        ("2027-12-31", 2, "2028-02-29"),
    ],
)
def test_months_run_from_date_to_date(received, months, due):
    assert add_delay(datetime.date.fromisoformat(received), months, "mois") == datetime.date.fromisoformat(
        due
    )


def test_weeks_and_days():
    start = datetime.date(2026, 12, 7)
    assert add_delay(start, 3, "semaines") == datetime.date(2026, 12, 28)
    assert add_delay(start, 60, "jours") == datetime.date(2027, 2, 5)


def test_a_delay_is_said_as_the_text_says_it():
    assert delay_text(2, "mois") == "deux mois"
    assert delay_text(3, "semaines") == "trois semaines"
    assert delay_text(45, "jours") == "45 jours"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received", "due"),
    [("2026-01-31", "2026-03-31"), ("2028-02-29", "2028-04-29"), ("2026-12-31", "2027-02-28")],
)
def test_a_two_month_delay_gives_the_date_a_lawyer_would(received, due):
    procedure = published_procedure(days=2, unit="mois")
    dossier = deposited(procedure=procedure)
    start = datetime.datetime.fromisoformat(received + "T10:00").replace(tzinfo=PARIS)
    assert decision_due_on(dossier, start) == datetime.date.fromisoformat(due)


@pytest.mark.django_db
def test_an_outage_still_extends_a_delay_in_months():
    procedure = published_procedure(days=2, unit="mois")
    dossier = deposited(procedure=procedure)
    start = datetime.datetime(2026, 1, 31, 10, tzinfo=PARIS)
    Outage.objects.create(
        started_at=datetime.datetime(2026, 2, 10, 8, tzinfo=PARIS),
        ended_at=datetime.datetime(2026, 2, 12, 8, tzinfo=PARIS),
        description="Panne",
    )
    assert decision_due_on(dossier, start) == datetime.date(2026, 4, 2)


@pytest.mark.django_db
def test_the_receipt_says_two_months_not_sixty_days():
    dossier = deposited(procedure=published_procedure(days=2, unit="mois"))
    html = render_to_string(
        "procedures/pdf/receipt.html",
        receipts.receipt_context(dossier, followup_url="https://g.example/suivi/"),
    )
    assert "Le service dispose de deux mois pour vous répondre" in html


@pytest.mark.django_db
def test_a_delay_beyond_its_unit_is_refused_in_french():
    procedure = published_procedure()
    with pytest.raises(InvalidInput, match="de 1 à 12 mois"):
        catalogue.publish_version(
            procedure=procedure, definition=SIMPLE, instruction_delay=13, instruction_unit="mois",
            implicit_decision="rejection",
        )  # fmt: skip
