"""Groups and routing: rules over the answers, the default group, moves with a reason, re-routing, and
what an agent outside a dossier's group reaches (nothing: the same 404 as a missing dossier)."""

import pytest

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import member
from guichet.core.exceptions import Conflict, InvalidInput
from guichet.core.journal.models import JournalEntry
from guichet.instruction import selectors
from guichet.instruction.conditions import matches
from guichet.instruction.models import DossierRoute, GroupMember, RouteChange
from guichet.instruction.services import groups, routing
from guichet.procedures import perms as dossier_perms
from guichet.procedures.models import Dossier
from guichet.procedures.services import drafts, transitions
from guichet.procedures.tests.factories import published_procedure
from guichet.procedures.tests.test_services import complete_draft

pytestmark = pytest.mark.django_db


def deposit(procedure, **answers):
    started = complete_draft(procedure)
    if answers:
        drafts.save_answers(dossier_id=started.dossier.pk, values=answers)
    return transitions.submit_dossier(dossier_id=started.dossier.pk, actor=None, channel="online")


@pytest.fixture
def setup():
    procedure = published_procedure()
    organisation = procedure.organisation
    responsable = member(Role.RESPONSABLE, organisation=organisation)
    north, south = (
        member(Role.AGENT, organisation=organisation),
        member(Role.AGENT, organisation=organisation),
    )
    group = groups.save_group(procedure=procedure, actor=responsable, label="Famille nombreuse")
    default = groups.ensure_default_group(procedure=procedure)
    GroupMember.objects.filter(group=default, user=north).delete()  # north instructs large families only
    groups.add_member(group=group, user=north, actor=responsable)
    groups.save_rule(
        procedure=procedure, actor=responsable, group=group, combinator="toutes",
        conditions=[{"field": "enfants", "operator": "egal", "value": "oui"},
                    {"field": "nb_enfants", "operator": "superieur", "value": "2"}],
    )  # fmt: skip
    return {"procedure": procedure, "responsable": responsable, "north": north, "south": south,
            "group": group, "default": default}  # fmt: skip


@pytest.mark.parametrize(
    "condition,answers,expected",
    [
        ({"field": "a", "operator": "egal", "value": "Oui"}, {"a": "oui"}, True),
        ({"field": "a", "operator": "egal", "value": "oui"}, {"a": True}, True),
        ({"field": "a", "operator": "egal", "value": "oui"}, {}, False),  # a field the version removed
        ({"field": "a", "operator": "parmi", "value": ["CAF", "MSA"]}, {"a": "msa"}, True),
        ({"field": "a", "operator": "superieur", "value": "2"}, {"a": "3"}, True),
        ({"field": "a", "operator": "superieur", "value": "2"}, {"a": "2"}, False),
        ({"field": "a", "operator": "inferieur", "value": "1 500,50"}, {"a": "1200"}, True),
        ({"field": "a", "operator": "inferieur", "value": "2000-01-01"}, {"a": "1980-05-04"}, True),
        ({"field": "a", "operator": "superieur", "value": "2"}, {"a": "beaucoup"}, False),
        ({"field": "a", "operator": "departement", "value": ["47"]}, {"a": "3 rue Lafayette\n47300 Villeneuve-sur-Lot"}, True),
        ({"field": "a", "operator": "departement", "value": ["971"]}, {"a": "97110 Pointe-à-Pitre"}, True),
        ({"field": "a", "operator": "departement", "value": ["2a"]}, {"a": "20000 Ajaccio"}, True),
        ({"field": "a", "operator": "commune", "value": ["47323"]}, {"a": "47300 Villeneuve-sur-Lot"}, True),
        ({"field": "a", "operator": "commune", "value": ["47001"]}, {"a": "47300 Villeneuve-sur-Lot"}, False),
    ],
)  # fmt: skip
def test_conditions_compare_answers_as_a_responsable_means_them(condition, answers, expected):
    assert matches(condition, answers) is expected


def test_a_deposited_dossier_goes_to_the_first_matching_group_else_the_default(setup):
    large = deposit(setup["procedure"], enfants="oui", nb_enfants="4")
    small = deposit(setup["procedure"], enfants="oui", nb_enfants="1")
    assert DossierRoute.objects.get(dossier=large).group == setup["group"]
    assert DossierRoute.objects.get(dossier=small).group == setup["default"]
    kinds = dict(RouteChange.objects.values_list("dossier_id", "kind"))
    assert kinds[large.pk] == "automatique" and kinds[small.pk] == "defaut"
    assert JournalEntry.objects.filter(
        action="instruction.groupe_automatique", subject_id=str(large.pk)
    ).exists()


def test_an_agent_sees_the_dossiers_of_their_groups_only(setup):
    large = deposit(setup["procedure"], enfants="oui", nb_enfants="4")
    small = deposit(setup["procedure"], enfants="non")
    north, south = setup["north"], setup["south"]
    assert set(dossier_perms.scoped_for_staff(north, Dossier.objects.all())) == {large}
    assert set(dossier_perms.scoped_for_staff(south, Dossier.objects.all())) == {small}
    assert dossier_perms.is_staff_of(north, large) and not dossier_perms.is_staff_of(north, small)
    # the responsable reaches every dossier of the organisation
    assert set(dossier_perms.scoped_for_staff(setup["responsable"], Dossier.objects.all())) == {large, small}


def test_a_procedure_without_groups_keeps_every_agent_of_the_organisation():
    procedure = published_procedure()
    agent = member(Role.AGENT, organisation=procedure.organisation)
    dossier = deposit(procedure)
    assert not DossierRoute.objects.exists()
    assert dossier_perms.is_staff_of(agent, dossier)


def test_creating_the_first_group_sends_the_deposited_dossiers_to_the_default_group():
    procedure = published_procedure()
    agent = member(Role.AGENT, organisation=procedure.organisation)
    responsable = member(Role.RESPONSABLE, organisation=procedure.organisation)
    dossier = deposit(procedure)
    groups.save_group(procedure=procedure, actor=responsable, label="Urgences")
    route = DossierRoute.objects.get(dossier=dossier)
    assert route.group.is_default and route.group.members.filter(user=agent).exists()
    assert dossier_perms.is_staff_of(agent, dossier)


def test_a_rule_naming_a_removed_field_sends_to_the_default_group(setup):
    rule = setup["group"].rules.get()
    rule.conditions = [{"field": "supprime", "operator": "egal", "value": "x"}]
    rule.save()
    dossier = deposit(setup["procedure"], enfants="oui", nb_enfants="4")
    assert DossierRoute.objects.get(dossier=dossier).group == setup["default"]


def test_moving_needs_a_reason_and_two_simultaneous_moves_give_one(setup):
    dossier = deposit(setup["procedure"], enfants="non")
    default, group = setup["default"], setup["group"]
    with pytest.raises(InvalidInput, match="pourquoi"):
        routing.move_dossier(dossier=dossier, to_group=group, actor=setup["south"], reason=" ",
                             expected_group_id=default.pk)  # fmt: skip
    routing.move_dossier(dossier=dossier, to_group=group, actor=setup["south"], reason="Quatre enfants en fait.",
                         expected_group_id=default.pk)  # fmt: skip
    with pytest.raises(Conflict, match="Famille nombreuse"):  # the second agent saw the dossier in default
        routing.move_dossier(dossier=dossier, to_group=group, actor=setup["responsable"], reason="Idem",
                             expected_group_id=default.pk)  # fmt: skip
    history = list(selectors.route_history(dossier))
    assert [c.kind for c in history] == ["defaut", "manuel"] and history[
        -1
    ].reason == "Quatre enfants en fait."


def test_changing_the_rules_offers_to_reroute_open_dossiers(setup):
    dossier = deposit(setup["procedure"], enfants="oui", nb_enfants="2")
    assert DossierRoute.objects.get(dossier=dossier).group == setup["default"]
    rule = setup["group"].rules.get()
    groups.save_rule(
        procedure=setup["procedure"], actor=setup["responsable"], group=setup["group"], rule=rule,
        combinator="toutes", conditions=[{"field": "enfants", "operator": "egal", "value": "oui"}],
    )  # fmt: skip
    assert [d.pk for d, _g in routing.open_dossiers_to_reroute(setup["procedure"])] == [dossier.pk]
    assert routing.reroute_open_dossiers(procedure=setup["procedure"], actor=setup["responsable"]) == 1
    assert DossierRoute.objects.get(dossier=dossier).group == setup["group"]
    assert RouteChange.objects.filter(dossier=dossier).last().kind == "reroutage"
    assert routing.open_dossiers_to_reroute(setup["procedure"]) == []


def test_group_rules_are_validated_in_french(setup):
    with pytest.raises(InvalidInput, match="au moins une condition"):
        groups.save_rule(procedure=setup["procedure"], actor=setup["responsable"], group=setup["group"],
                         combinator="toutes", conditions=[{"field": "", "operator": "", "value": ""}])  # fmt: skip
    with pytest.raises(InvalidInput, match="valeur attendue"):
        groups.save_rule(procedure=setup["procedure"], actor=setup["responsable"], group=setup["group"],
                         combinator="toutes", conditions=[{"field": "nom", "operator": "egal", "value": ""}])  # fmt: skip
    with pytest.raises(InvalidInput, match="déjà ce nom"):
        groups.save_group(
            procedure=setup["procedure"], actor=setup["responsable"], label="Famille  nombreuse"
        )
    with pytest.raises(InvalidInput, match="reste ouvert"):
        groups.save_group(procedure=setup["procedure"], actor=setup["responsable"], group=setup["default"],
                          label=setup["default"].label, closed=True)  # fmt: skip
    outsider = member(Role.AGENT)
    with pytest.raises(InvalidInput, match="agent de la structure"):
        groups.add_member(group=setup["group"], user=outsider, actor=setup["responsable"])


def test_a_closed_group_receives_no_new_dossier(setup):
    groups.save_group(procedure=setup["procedure"], actor=setup["responsable"], group=setup["group"],
                      label="Famille nombreuse", closed=True)  # fmt: skip
    dossier = deposit(setup["procedure"], enfants="oui", nb_enfants="5")
    assert DossierRoute.objects.get(dossier=dossier).group == setup["default"]
