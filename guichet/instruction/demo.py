"""Demo back office: the CCAS's emergency housing aid has two groups (the default one, and « Sans
hébergement » which a rule fills with the people sleeping outside, in a car or at a hotel), one agent in
each; dossiers followed and not followed."""

from guichet.accounts.models import User
from guichet.instruction.models import GroupMember
from guichet.instruction.services import following, groups, routing
from guichet.procedures.models import Dossier, Procedure

HOMELESS = ["À la rue", "Dans un véhicule", "À l'hôtel"]


def load_demo() -> list[str]:
    procedure = Procedure.objects.filter(slug="aide-logement-urgence").first()
    responsable = User.objects.filter(username="responsable").first()
    agent, agent2 = (
        User.objects.filter(username="agent").first(),
        User.objects.filter(username="agent2").first(),
    )
    if procedure is None or responsable is None or agent is None or agent2 is None:
        return []
    if procedure.instructor_groups.exists():
        return ["Groupes instructeurs : /gestion/demarches/…/groupes/ (responsable)"]
    group = groups.save_group(
        procedure=procedure,
        actor=responsable,
        label="Sans hébergement",
        contact_phone="05 53 00 00 11",
        contact_email="urgence-logement@villeneuve.example",
    )
    default = groups.ensure_default_group(procedure=procedure)
    GroupMember.objects.filter(group=default, user=agent2).delete()  # Julien instructs the emergencies
    GroupMember.objects.filter(group=group).delete()
    groups.add_member(group=group, user=agent2, actor=responsable)
    groups.save_rule(
        procedure=procedure,
        actor=responsable,
        group=group,
        combinator="toutes",
        conditions=[{"field": "situation_logement", "operator": "parmi", "value": ", ".join(HOMELESS)}],
    )
    routing.reroute_open_dossiers(procedure=procedure, actor=responsable)
    dossiers = Dossier.objects.filter(procedure_version__procedure=procedure).exclude(state="brouillon")
    first = dossiers.order_by("received_at").first()
    if first is not None:
        following.follow(dossier=first, user=agent)
    return [
        "Groupes instructeurs de « Aide au logement d'urgence » : agent (Tous les instructeurs), "
        "agent2 (Sans hébergement)"
    ]
