"""The two-autonomies diagnostic: its questions (data, in one place), their validation, the scoring.

Two autonomies are told apart, as Pierre Mazet's work on digital mediation asks: being at ease with
a computer or a phone (numérique) is not the same as understanding how the administration works
(administrative). Each question gives 0 to 3 points; each autonomy is scored on its own, from 0 to
100, and never added to the other. `VERSION` changes whenever a question or its points change, so
that a result is always read against the questions it was computed with.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

VERSION = 1
MAX_POINTS = 3


class Autonomy:
    DIGITAL = "numerique"
    ADMINISTRATIVE = "administrative"
    ALL = (DIGITAL, ADMINISTRATIVE)
    LABELS = {
        DIGITAL: _("Autonomie numérique"),
        ADMINISTRATIVE: _("Autonomie administrative"),
    }
    HELP = {
        DIGITAL: _("Se servir d'un ordinateur, d'un téléphone et d'internet pour ses démarches."),
        ADMINISTRATIVE: _("Comprendre qui fait quoi, les courriers, les délais et ses droits."),
    }


# The usual answer scale for "can you do this?"; administrative questions use a scale of their own.
CAN_DO = (
    ("jamais", _("Je ne l'ai jamais fait"), 0),
    ("avec_aide", _("Seulement avec quelqu'un"), 1),
    ("seul_difficile", _("Seul, mais avec difficulté"), 2),
    ("seul_facile", _("Seul, facilement"), 3),
)
UNDERSTANDS = (
    ("non", _("Non, pas du tout"), 0),
    ("un_peu", _("Un peu"), 1),
    ("plutot", _("Plutôt oui"), 2),
    ("oui", _("Oui, tout à fait"), 3),
)

QUESTIONS = (
    {
        "key": "courriel",
        "autonomy": Autonomy.DIGITAL,
        "label": _("Lire et envoyer un courriel"),
        "help": _("Ouvrir sa boîte aux lettres électronique, lire un message, répondre ou en écrire un."),
        "choices": CAN_DO,
    },
    {
        "key": "compte_en_ligne",
        "autonomy": Autonomy.DIGITAL,
        "label": _("Créer un compte sur un site et s'y reconnecter"),
        "help": _("Par exemple sur le site de la CAF ou d'ameli, avec un identifiant et un mot de passe."),
        "choices": CAN_DO,
    },
    {
        "key": "mot_de_passe",
        "autonomy": Autonomy.DIGITAL,
        "label": _("Garder ses mots de passe et les retrouver"),
        "help": _("Les noter dans un endroit sûr, ou savoir demander un nouveau mot de passe."),
        "choices": CAN_DO,
    },
    {
        "key": "piece_jointe",
        "autonomy": Autonomy.DIGITAL,
        "label": _("Photographier ou scanner un document et l'envoyer"),
        "help": _("Prendre en photo un justificatif avec son téléphone et le joindre à une démarche."),
        "choices": CAN_DO,
    },
    {
        "key": "formulaire_en_ligne",
        "autonomy": Autonomy.DIGITAL,
        "label": _("Remplir un formulaire en ligne jusqu'au bout"),
        "help": _("Répondre aux questions, corriger une erreur signalée, puis valider."),
        "choices": CAN_DO,
    },
    {
        "key": "hameconnage",
        "autonomy": Autonomy.DIGITAL,
        "label": _("Reconnaître un message frauduleux"),
        "help": _("Un faux courriel ou SMS qui demande de payer ou de donner ses codes (hameçonnage)."),
        "choices": CAN_DO,
    },
    {
        "key": "qui_fait_quoi",
        "autonomy": Autonomy.ADMINISTRATIVE,
        "label": _("Savoir à quel organisme s'adresser selon sa question"),
        "help": _(
            "Par exemple : la CAF pour les allocations, la CPAM pour la santé, la mairie pour l'état civil."
        ),
        "choices": UNDERSTANDS,
    },
    {
        "key": "courrier",
        "autonomy": Autonomy.ADMINISTRATIVE,
        "label": _("Comprendre ce que demande un courrier administratif"),
        "help": _("Savoir ce qu'il faut faire après l'avoir lu : répondre, envoyer un papier, ou rien."),
        "choices": UNDERSTANDS,
    },
    {
        "key": "delais",
        "autonomy": Autonomy.ADMINISTRATIVE,
        "label": _("Repérer une date limite dans un courrier"),
        "help": _("Trouver avant quelle date il faut répondre, et ce qui se passe si on ne répond pas."),
        "choices": UNDERSTANDS,
    },
    {
        "key": "papiers",
        "autonomy": Autonomy.ADMINISTRATIVE,
        "label": _("Ranger ses papiers et les retrouver"),
        "help": _("Garder ses avis d'imposition, attestations et courriers importants au même endroit."),
        "choices": UNDERSTANDS,
    },
    {
        "key": "droits",
        "autonomy": Autonomy.ADMINISTRATIVE,
        "label": _("Connaître les aides auxquelles on peut avoir droit"),
        "help": _("Savoir qu'une aide existe et où se renseigner pour la demander."),
        "choices": UNDERSTANDS,
    },
    {
        "key": "recours",
        "autonomy": Autonomy.ADMINISTRATIVE,
        "label": _("Savoir contester une décision ou signaler une erreur"),
        "help": _("Demander une explication, faire un recours, ou demander à corriger une erreur."),
        "choices": UNDERSTANDS,
    },
)

# Plain labels for a score: (lowest score of the level, code, label).
LEVELS = (
    (0, "accompagnement", _("A besoin d'être accompagné")),
    (34, "coup_de_main", _("Autonome avec un coup de main")),
    (67, "autonome", _("Autonome")),
)


class DiagnosticDefinitionError(ValueError):
    """The questions above are malformed: a programming error, caught by the tests and at import."""


def validate_questions(questions=QUESTIONS) -> None:
    keys = [question.get("key") for question in questions]
    if len(set(keys)) != len(keys):
        raise DiagnosticDefinitionError("Deux questions ont la même clé.")
    for question in questions:
        if set(question) != {"key", "autonomy", "label", "help", "choices"}:
            raise DiagnosticDefinitionError(f"Question {question.get('key')} : champs inattendus.")
        if question["autonomy"] not in Autonomy.ALL:
            raise DiagnosticDefinitionError(f"Question {question['key']} : autonomie inconnue.")
        if not str(question["label"]).strip() or not str(question["help"]).strip():
            raise DiagnosticDefinitionError(f"Question {question['key']} : libellé ou aide manquant.")
        values = [choice[0] for choice in question["choices"]]
        points = [choice[2] for choice in question["choices"]]
        if len(set(values)) != len(values) or len(values) < 2:
            raise DiagnosticDefinitionError(f"Question {question['key']} : réponses en double ou trop peu.")
        if not all(isinstance(p, int) and 0 <= p <= MAX_POINTS for p in points):
            raise DiagnosticDefinitionError(f"Question {question['key']} : points hors de 0 à {MAX_POINTS}.")
        if min(points) != 0 or max(points) != MAX_POINTS:
            raise DiagnosticDefinitionError(
                f"Question {question['key']} : les points doivent aller de 0 à 3."
            )
    for autonomy in Autonomy.ALL:
        if not [q for q in questions if q["autonomy"] == autonomy]:
            raise DiagnosticDefinitionError(f"Aucune question pour l'autonomie {autonomy}.")


validate_questions()


def questions_for(autonomy: str) -> list[dict]:
    return [question for question in QUESTIONS if question["autonomy"] == autonomy]


@dataclass(frozen=True)
class Level:
    code: str
    label: str


def level_for(score: int) -> Level:
    current = LEVELS[0]
    for level in LEVELS:
        if score >= level[0]:
            current = level
    return Level(code=current[1], label=str(current[2]))


class IncompleteAnswers(ValueError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(", ".join(missing))


def score(answers: dict[str, str], questions=QUESTIONS) -> dict[str, int]:
    """Score each autonomy from 0 to 100 (integers, rounded half up); every question must be answered.

    Raises `IncompleteAnswers` naming the questions without a known answer.
    """
    missing = []
    totals = dict.fromkeys(Autonomy.ALL, 0)
    maxima = dict.fromkeys(Autonomy.ALL, 0)
    for question in questions:
        points = {value: pts for value, _label, pts in question["choices"]}
        answer = answers.get(question["key"])
        if answer not in points:
            missing.append(question["key"])
            continue
        totals[question["autonomy"]] += points[answer]
        maxima[question["autonomy"]] += MAX_POINTS
    if missing:
        raise IncompleteAnswers(missing)
    return {
        autonomy: (200 * totals[autonomy] + maxima[autonomy]) // (2 * maxima[autonomy])
        for autonomy in Autonomy.ALL
    }


def answer_label(question: dict, value: str) -> str:
    for choice_value, label, _points in question["choices"]:
        if choice_value == value:
            return str(label)
    return ""
