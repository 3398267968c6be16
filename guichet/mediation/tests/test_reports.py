import csv
import datetime
import io

import pytest
from django.utils import timezone

from guichet.accounts.tests.factories import OrganisationFactory
from guichet.mediation import selectors
from guichet.mediation.charts import bar_chart
from guichet.mediation.models import FollowedPerson
from guichet.mediation.reports import CSV_HEADERS, Period, activity_report, sessions_csv
from guichet.mediation.tests.factories import (
    aidant_of,
    days_ago,
    diagnostic,
    followed_person,
    organisation_of,
    session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    aidant = aidant_of(first_name="Moussa", last_name="Diallo")
    organisation = organisation_of(aidant)
    colleague = aidant_of(organisation, first_name="Inès", last_name="Roux")
    jeanne = followed_person(organisation, first_name="Jeanne", last_name="Leroy")
    paul = followed_person(organisation, first_name="Paul", last_name="Martin")
    today = timezone.localdate()
    session(aidant, jeanne, themes=["social", "logement"], minutes=30, happened_on=today)
    session(aidant, jeanne, themes=["social"], minutes=20, channel="phone", happened_on=today)
    session(colleague, paul, themes=["argent"], minutes=60, outcome="oriente", happened_on=today)
    diagnostic(aidant, jeanne)
    other = aidant_of()
    session(other, followed_person(organisation_of(other)), themes=["justice"], minutes=15, happened_on=today)
    return {
        "organisation": organisation,
        "aidant": aidant,
        "colleague": colleague,
        "today": today,
        "other": other,
    }


def _this_month(today):
    return Period.month(today.year, today.month)


def test_report_counts_people_sessions_time_themes_and_channels_of_one_organisation(activity):
    report = activity_report(
        organisation_ids=[activity["organisation"].pk], period=_this_month(activity["today"])
    )
    assert (report.sessions, report.people, report.minutes, report.diagnostics) == (3, 2, 110, 1)
    assert report.hours_label == "1 h 50"
    assert [(code, total) for code, _label, total in report.by_theme] == [
        ("social", 2),
        ("argent", 1),
        ("logement", 1),
    ]
    assert [(code, total) for code, _label, total in report.by_channel] == [("counter", 2), ("phone", 1)]
    assert dict((code, total) for code, _l, total in report.by_outcome) == {"abouti": 2, "oriente": 1}
    assert [row["sessions"] for row in report.by_month] == [3]


def test_report_per_aidant(activity):
    org = [activity["organisation"].pk]
    report = activity_report(organisation_ids=org, period=_this_month(activity["today"]))
    assert [
        (str(r["aidant"]), r["sessions"], r["people"], r["minutes"], r["diagnostics"])
        for r in report.by_aidant
    ] == [
        ("Moussa Diallo", 2, 1, 50, 1),
        ("Inès Roux", 1, 1, 60, 0),
    ]
    only = activity_report(
        organisation_ids=org, period=_this_month(activity["today"]), aidant_id=activity["colleague"].pk
    )
    assert (only.sessions, only.minutes, only.diagnostics) == (1, 60, 0)


def test_the_aggregated_report_covers_every_organisation_without_any_name(activity):
    report = activity_report(organisation_ids=None, period=_this_month(activity["today"]), nominative=False)
    assert report.sessions == 4 and report.by_aidant == []


def test_a_period_leaves_out_what_happened_outside_it(activity):
    aidant, organisation = activity["aidant"], activity["organisation"]
    session(aidant, followed_person(organisation), happened_on=days_ago(40))
    report = activity_report(organisation_ids=[organisation.pk], period=_this_month(activity["today"]))
    assert report.sessions == 3
    longer = activity_report(
        organisation_ids=[organisation.pk], period=Period(days_ago(60), activity["today"])
    )
    assert longer.sessions == 4 and len(longer.by_month) in (2, 3)


def test_month_period_runs_from_the_first_to_the_last_day():
    period = Period.month(2028, 2)
    assert (period.start, period.end) == (datetime.date(2028, 2, 1), datetime.date(2028, 2, 29))
    assert period.label == "du 1 février 2028 au 29 février 2028"


def test_csv_is_excel_friendly_and_names_no_person(activity):
    content = sessions_csv(
        organisation_ids=[activity["organisation"].pk], period=_this_month(activity["today"])
    )
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert tuple(rows[0]) == CSV_HEADERS
    assert len(rows) == 4
    first = rows[1]
    assert first[0] == activity["today"].strftime("%d/%m/%Y")
    assert first[2] == "Moussa Diallo"
    assert first[4] == "Logement, Social, santé"
    assert first[5] == "Au guichet" and first[6] == "30" and first[7] == "Démarche aboutie"
    assert "Jeanne" not in text and "Leroy" not in text
    assert len(first[3]) == 8


def test_csv_cells_cannot_become_formulas():
    aidant = aidant_of(first_name='=HYPERLINK("x")', last_name="")
    session(aidant, followed_person(organisation_of(aidant)))
    today = timezone.localdate()
    text = sessions_csv(organisation_ids=[organisation_of(aidant).pk], period=_this_month(today)).decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][2] == '\'=HYPERLINK("x")'


def test_people_today_are_those_helped_diagnosed_or_registered_today(activity):
    organisation = activity["organisation"]
    old = followed_person(organisation, first_name="Ancien")
    FollowedPerson.objects.filter(person=old).update(created_at=timezone.now() - datetime.timedelta(days=3))
    session(activity["aidant"], old, happened_on=days_ago(3))
    names = [p.first_name for p in selectors.people_today([organisation])]
    assert sorted(names) == ["Jeanne", "Paul"]
    assert list(selectors.people_today([OrganisationFactory()])) == []


def test_diagnostic_history_gives_the_change_of_each_autonomy(activity):
    aidant, organisation = activity["aidant"], activity["organisation"]
    person = followed_person(organisation)
    now = timezone.now()
    diagnostic(aidant, person, 1, 0, taken_at=now - datetime.timedelta(days=60))
    diagnostic(aidant, person, 2, 0, taken_at=now - datetime.timedelta(days=30))
    diagnostic(aidant, person, 2, 3, taken_at=now)
    history = selectors.diagnostic_history(person, [organisation])
    assert [(s.digital_change, s.administrative_change) for s in history] == [(None, None), (34, 0), (0, 100)]
    assert selectors.diagnostic_history(person, [OrganisationFactory()]) == []


def test_bar_chart_scales_the_longest_bar_to_the_full_width():
    chart = bar_chart([("Social", 4), ("Logement", 2), ("Justice", 0)])
    assert [bar.width for bar in chart.bars] == [300, 150, 0]
    assert chart.height == 96 and chart.bars[1].y == 38
    assert bar_chart([]).bars == []
