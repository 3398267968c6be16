"""Followers (follow, stop, hand over), the queue's tabs and counters, the group pages, and every
dossier page of the back office answering 404 to an agent outside the dossier's group."""

import pytest
from django.urls import reverse

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import member
from guichet.core.exceptions import InvalidInput
from guichet.core.models import Notification
from guichet.instruction import selectors
from guichet.instruction.models import DossierRoute, Follower, GroupMember, InstructorGroup, RoutingRule
from guichet.instruction.services import following, groups
from guichet.instruction.tests.test_routing import deposit
from guichet.procedures.models import Dossier
from guichet.procedures.tests.factories import published_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    procedure = published_procedure()
    organisation = procedure.organisation
    responsable = member(Role.RESPONSABLE, organisation=organisation)
    inside = member(Role.AGENT, organisation=organisation, email="inside@example.org")
    colleague = member(Role.AGENT, organisation=organisation, email="colleague@example.org")
    outside = member(Role.AGENT, organisation=organisation)
    group = groups.save_group(procedure=procedure, actor=responsable, label="Secteur Nord")
    default = groups.ensure_default_group(procedure=procedure)
    GroupMember.objects.filter(group=default, user=outside).delete()
    groups.add_member(group=group, user=outside, actor=responsable)
    dossier = deposit(procedure)  # no rule: the default group (inside, colleague)
    return {"procedure": procedure, "responsable": responsable, "inside": inside, "colleague": colleague,
            "outside": outside, "group": group, "default": default, "dossier": dossier}  # fmt: skip


def test_following_twice_is_one_follower_and_stopping_keeps_the_past(office):
    dossier, inside = office["dossier"], office["inside"]
    following.follow(dossier=dossier, user=inside)
    following.follow(dossier=dossier, user=inside)
    assert Follower.objects.filter(dossier=dossier, until__isnull=True).count() == 1
    following.unfollow(dossier=dossier, user=inside)
    assert list(selectors.followers_of(dossier)) == []
    assert [f.user for f in selectors.followers_of(dossier, active=False)] == [inside]


def test_handing_over_makes_the_colleague_follow_and_tells_them(office, django_capture_on_commit_callbacks):
    dossier, inside, colleague = office["dossier"], office["inside"], office["colleague"]
    following.follow(dossier=dossier, user=inside)
    with django_capture_on_commit_callbacks(execute=True):
        following.forward(dossier=dossier, sender=inside, colleague=colleague)
    assert [f.user for f in selectors.followers_of(dossier)] == [colleague]
    told = Notification.objects.get(recipient="colleague@example.org")
    assert dossier.number in told.subject


def test_a_dossier_cannot_be_handed_to_an_agent_outside_its_group(office):
    with pytest.raises(InvalidInput, match="pas dans le groupe"):
        following.forward(dossier=office["dossier"], sender=office["inside"], colleague=office["outside"])
    assert office["outside"] not in selectors.colleagues_for(office["dossier"], office["inside"])


def test_tabs_count_what_they_list(office):
    dossier, inside = office["dossier"], office["inside"]
    other = deposit(office["procedure"])
    reachable = Dossier.objects.exclude(state="brouillon")
    counts = selectors.tab_counts(reachable, inside)
    assert counts["a-suivre"] == 2 and counts["suivis"] == 0 and counts["tous"] == 2
    following.follow(dossier=dossier, user=inside)
    counts = selectors.tab_counts(reachable, inside)
    assert counts["a-suivre"] == 1 and counts["suivis"] == 1
    assert list(selectors.in_tab(reachable, "suivis", inside)) == [dossier]
    assert list(selectors.in_tab(reachable, "a-suivre", inside)) == [other]
    assert counts["echeance"] == 0  # thirty days to decide
    Dossier.objects.filter(pk=other.pk).update(decision_due_on=other.received_at.date())
    assert list(selectors.in_tab(reachable, "echeance", inside)) == [other]


class TestPages:
    def test_an_agent_outside_the_group_gets_404_on_every_dossier_page(self, client, login_with_2fa, office):
        login_with_2fa(client, office["outside"])
        dossier = office["dossier"]
        pages = [
            ("get", reverse("procedures:agent_dossier", args=[dossier.pk])),
            ("get", reverse("procedures:person_data", args=[dossier.pk])),
            ("post", reverse("procedures:agent_action", args=[dossier.pk, "instruire"])),
            ("post", reverse("instruction:dossier_team", args=[dossier.pk, "suivre"])),
            ("get", reverse("procedures:receipt_pdf", args=[dossier.pk])),
            ("get", reverse("procedures:download_document", args=[dossier.pk, dossier.attachments.get().pk])),
        ]
        for method, url in pages:
            assert getattr(client, method)(url).status_code == 404, url
        queue = client.get(reverse("procedures:queue")).content.decode()
        assert dossier.number not in queue
        login_with_2fa(client, office["inside"])
        assert client.get(reverse("procedures:agent_dossier", args=[dossier.pk])).status_code == 200
        assert dossier.number in client.get(reverse("procedures:queue")).content.decode()

    def test_follow_forward_and_move_from_the_dossier_page(self, client, login_with_2fa, office):
        dossier, inside = office["dossier"], office["inside"]
        login_with_2fa(client, inside)
        page = client.get(reverse("procedures:agent_dossier", args=[dossier.pk])).content.decode()
        assert "Groupe et suivi" in page and "Tous les instructeurs" in page
        client.post(reverse("instruction:dossier_team", args=[dossier.pk, "suivre"]))
        assert following.is_following(dossier, inside)
        client.post(
            reverse("instruction:dossier_team", args=[dossier.pk, "transmettre"]),
            {"colleague": str(office["colleague"].pk), "keep_following": "on"},
        )
        assert {f.user for f in selectors.followers_of(dossier)} == {inside, office["colleague"]}
        refused = client.post(
            reverse("instruction:dossier_team", args=[dossier.pk, "deplacer"]),
            {"group": str(office["group"].pk), "reason": "", "current": str(office["default"].pk)},
            follow=True,
        )
        assert "pourquoi vous déplacez" in refused.content.decode()
        moved = client.post(
            reverse("instruction:dossier_team", args=[dossier.pk, "deplacer"]),
            {
                "group": str(office["group"].pk),
                "reason": "Adresse au nord.",
                "current": str(office["default"].pk),
            },
        )
        assert moved.status_code == 302 and moved["Location"] == reverse(
            "procedures:queue"
        )  # out of reach now
        assert client.get(reverse("procedures:agent_dossier", args=[dossier.pk])).status_code == 404

    def test_a_starting_agent_follows_the_dossier(self, client, login_with_2fa, office):
        dossier, inside = office["dossier"], office["inside"]
        login_with_2fa(client, inside)
        client.post(
            reverse("procedures:agent_action", args=[dossier.pk, "instruire"]),
            {"lock_version": dossier.lock_version},
        )
        assert following.is_following(dossier, inside)

    def test_queue_tabs_show_counters_and_keep_filters(self, client, login_with_2fa, office, query_budget):
        login_with_2fa(client, office["inside"])
        for _ in range(3):
            deposit(office["procedure"])
        with query_budget(16):
            page = client.get(reverse("procedures:queue") + "?onglet=a-suivre&canal=online").content.decode()
        assert "À suivre" in page and "Échéance proche" in page
        assert "canal=online&amp;onglet=suivis" in page
        assert client.get(reverse("procedures:queue") + "?onglet=nimporte").status_code == 400

    def test_the_responsable_manages_groups_members_and_rules(self, client, login_with_2fa, office):
        procedure, responsable = office["procedure"], office["responsable"]
        login_with_2fa(client, responsable)
        url = reverse("instruction:procedure_groups", args=[procedure.pk])
        page = client.get(url).content.decode()
        assert "Secteur Nord" in page and "Tous les instructeurs" in page
        created = client.post(
            url, {"action": "groupe", "label": "Secteur Sud", "contact_phone": "05 53 40 00 00"}
        )
        group = InstructorGroup.objects.get(label="Secteur Sud")
        assert created["Location"] == reverse("instruction:group", args=[group.pk])
        assert group.contact_phone == "+33553400000"
        rule = client.post(url, {"action": "regle", "group": str(group.pk), "combinator": "toutes",
                                 "field_1": "nom", "operator_1": "parmi", "value_1": "Camille Durand, Martin"})  # fmt: skip
        assert rule.status_code == 302
        assert RoutingRule.objects.get(group=group).conditions[0]["value"] == ["Camille Durand", "Martin"]
        bad = client.post(url, {"action": "regle", "group": str(group.pk), "combinator": "toutes",
                                "field_1": "nom", "operator_1": "egal", "value_1": ""})  # fmt: skip
        assert bad.status_code == 400 and "valeur attendue" in bad.content.decode()
        assert "1 dossier en cours changerait de groupe" in client.get(url).content.decode()
        client.post(url, {"action": "reroutage"})
        assert DossierRoute.objects.get(dossier=office["dossier"]).group == group
        page = client.post(
            reverse("instruction:group", args=[group.pk]),
            {"action": "membre", "agent": str(office["outside"].pk)},
        )
        assert group.members.filter(user=office["outside"]).exists()

    def test_a_group_that_manages_itself_is_edited_by_its_members_only(self, client, login_with_2fa, office):
        group = office["group"]
        login_with_2fa(client, office["outside"])
        url = reverse("instruction:group", args=[group.pk])
        assert client.get(url).status_code == 404
        group.members_manage = True
        group.save()
        page = client.get(url).content.decode()
        assert "Groupe fermé" not in page  # members do not close nor delegate their group
        client.post(url, {"action": "groupe", "label": "Secteur Nord", "contact_email": "nord@example.org"})
        group.refresh_from_db()
        assert group.contact_email == "nord@example.org" and group.members_manage
        login_with_2fa(client, office["inside"])
        assert client.get(url).status_code == 404


def test_agents_label_dossiers_and_the_list_shows_the_labels(client, login_with_2fa, office, query_budget):
    from guichet.instruction.models import Label

    dossier, inside = office["dossier"], office["inside"]
    login_with_2fa(client, inside)
    url = reverse("instruction:dossier_team", args=[dossier.pk, "etiquettes"])
    client.post(url, {"new_name": "Urgent", "new_colour": "pink-tuile"})
    urgent = Label.objects.get(name="Urgent")
    assert list(dossier.labels.all()) == [urgent] and urgent.badge_class == "fr-badge--pink-tuile"
    client.post(url, {"labels": [str(urgent.pk)], "new_name": "Urgent"})  # the same name again: one label
    assert Label.objects.count() == 1
    for _ in range(3):
        deposit(office["procedure"])
    with query_budget(17):
        page = client.get(reverse("procedures:queue")).content.decode()
    assert "fr-badge--pink-tuile" in page and "Urgent" in page
    client.post(url, {})  # no box ticked: the labels come off
    assert not dossier.labels.exists()


def test_the_list_runs_as_many_queries_for_many_dossiers_as_for_one(client, login_with_2fa, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from guichet.instruction.services import labels

    login_with_2fa(client, office["inside"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("procedures:queue") + "?onglet=tous").status_code == 200
        return len(captured)

    labels.set_labels(dossier=office["dossier"], actor=office["inside"], label_ids=[], new_name="Urgent")
    few = queries()
    for _ in range(12):
        dossier = deposit(office["procedure"])
        labels.set_labels(dossier=dossier, actor=office["inside"], label_ids=[], new_name="Urgent")
        following.follow(dossier=dossier, user=office["colleague"])
    assert queries() == few


def test_previous_and_next_follow_the_list_and_its_filters(client, login_with_2fa, office):
    from guichet.procedures.selectors import neighbours

    first = office["dossier"]
    second, third = deposit(office["procedure"]), deposit(office["procedure"])
    Dossier.objects.filter(pk=third.pk).update(decision_due_on=None)  # no date: last, on any database
    listed = Dossier.objects.exclude(state="brouillon")
    from guichet.procedures.selectors import QUEUE_ORDER

    listed = listed.order_by(*QUEUE_ORDER)
    third.refresh_from_db()
    assert neighbours(listed, first) == (None, second)
    assert neighbours(listed, second) == (first, third)
    assert neighbours(listed, third) == (second, None)
    login_with_2fa(client, office["inside"])
    queue = client.get(reverse("procedures:queue") + "?onglet=a-suivre").content.decode()
    assert "?liste=onglet%3Da-suivre" in queue
    page = client.get(reverse("procedures:agent_dossier", args=[second.pk]) + "?liste=onglet%3Da-suivre")
    text = page.content.decode()
    assert f"Dossier précédent ({first.number})" in text and f"Dossier suivant ({third.number})" in text
    following.follow(dossier=third, user=office["inside"])  # no longer « à suivre »
    text = client.get(reverse("procedures:agent_dossier", args=[second.pk]) + "?liste=onglet%3Da-suivre")
    assert "Dossier suivant" not in text.content.decode()


def test_a_responsable_who_is_not_an_agent_reads_the_list_and_dossiers_without_acting(
    client, login_with_2fa, office
):
    dossier = office["dossier"]
    login_with_2fa(client, office["responsable"])
    queue = client.get(reverse("procedures:queue")).content.decode()
    assert dossier.number in queue and "Enregistrer une demande reçue" not in queue
    page = client.get(reverse("procedures:agent_dossier", args=[dossier.pk])).content.decode()
    assert "Lecture seule" in page
    for absent in ("Commencer l&#x27;instruction", "Envoyer à la personne", "Suivre ce dossier", "Écrire aux collègues",
                   "Enregistrer la décision", "Changer les étiquettes"):  # fmt: skip
        assert absent not in page, absent
    refused = client.post(
        reverse("procedures:agent_action", args=[dossier.pk, "instruire"]), {"lock_version": 0}
    )
    assert refused.status_code == 403


def test_the_person_sees_how_to_reach_the_group_that_studies_their_dossier(client, office):
    from guichet.procedures.perms import grant_followup

    dossier, default = office["dossier"], office["default"]
    session = client.session
    grant_followup(type("Request", (), {"session": session})(), dossier)
    session.save()
    page = client.get(reverse("procedures:dossier", args=[dossier.pk])).content.decode()
    assert "Qui étudie votre demande" not in page  # the group gave no contact details
    groups.save_group(procedure=office["procedure"], actor=office["responsable"], group=default,
                      label=default.label, contact_phone="05 53 00 00 11")  # fmt: skip
    page = client.get(reverse("procedures:dossier", args=[dossier.pk])).content.decode()
    assert "Qui étudie votre demande" in page and 'href="tel:+33553000011"' in page
    assert "Tous les instructeurs" in page
