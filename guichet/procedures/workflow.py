"""The dossier state machine, declared in one table.

brouillon → déposé → en_instruction ⇄ à_compléter → accepté | refusé | classé_sans_suite,
plus withdrawal by the usager from any open state. Every transition goes through `transition()`,
which locks the row, checks the allowed origin states and the edit version, and records the event.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from guichet.procedures.models import DossierState as S


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    label: str


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({S.BROUILLON}), S.DEPOSE, _("Dépôt du dossier")),
    "start_instruction": Transition(frozenset({S.DEPOSE}), S.EN_INSTRUCTION, _("Début de l'instruction")),
    "request_correction": Transition(
        frozenset({S.DEPOSE, S.EN_INSTRUCTION}), S.A_COMPLETER, _("Demande de compléments ou de corrections")
    ),
    "submit_correction": Transition(
        frozenset({S.A_COMPLETER}), S.EN_INSTRUCTION, _("Compléments ou corrections envoyés")
    ),
    "accept": Transition(frozenset({S.EN_INSTRUCTION}), S.ACCEPTE, _("Décision : accepté")),
    "refuse": Transition(frozenset({S.EN_INSTRUCTION}), S.REFUSE, _("Décision : refusé")),
    "close": Transition(
        frozenset({S.DEPOSE, S.EN_INSTRUCTION, S.A_COMPLETER}), S.CLASSE_SANS_SUITE, _("Classé sans suite")
    ),
    # CRPA L242-1 and following: a decision withdrawn or abrogated, the dossier is examined again.
    "reopen": Transition(
        frozenset({S.ACCEPTE, S.REFUSE, S.CLASSE_SANS_SUITE}), S.EN_INSTRUCTION, _("Réouverture du dossier")
    ),
    "send_back": Transition(frozenset({S.EN_INSTRUCTION}), S.DEPOSE, _("Remis à l'état « déposé »")),
    "withdraw": Transition(
        frozenset({S.BROUILLON, S.DEPOSE, S.EN_INSTRUCTION, S.A_COMPLETER}),
        S.RETIRE,
        _("Retrait par la personne"),
    ),
}

OPEN_STATES = frozenset({S.DEPOSE, S.EN_INSTRUCTION, S.A_COMPLETER})
FINAL_STATES = frozenset({S.ACCEPTE, S.REFUSE, S.CLASSE_SANS_SUITE, S.RETIRE})


def allowed_actions(state: str) -> list[str]:
    return [name for name, transition in TRANSITIONS.items() if state in transition.sources]
