"""Every action done in a person's name reads in French on « Qui a agi pour moi ? »."""

from types import SimpleNamespace

import pytest

from guichet.mandates.labels import action_label


@pytest.mark.parametrize(
    "action",
    [
        "screening.simulation_calculee",
        "screening.demarche_preremplie",
        "screening.foyer_contacte",
        "mediation.personne_suivie",
        "mediation.accompagnement_enregistre",
        "mediation.diagnostic_enregistre",
        "dossier.submitted",
    ],
)
def test_actions_of_other_modules_read_in_french(action):
    label = action_label(SimpleNamespace(action=action, data={}))
    assert label != action and "." not in label.split()[0]


def test_an_act_under_mandate_reads_as_a_sentence_with_who_did_it():
    entry = SimpleNamespace(action="mandat.acte", data={"etape": "section"}, actor_label="Moussa Diallo")
    assert action_label(entry) == "Moussa Diallo a rempli une partie de votre demande"
    nameless = SimpleNamespace(action="representation.acte", data={"etape": "review"}, actor_label="")
    assert action_label(nameless) == "Votre représentant légal a envoyé votre demande"
