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
