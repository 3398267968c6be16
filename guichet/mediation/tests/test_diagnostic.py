import pytest

from guichet.mediation import diagnostic as diag
from guichet.mediation.tests.factories import answers


def test_there_are_six_questions_per_autonomy_each_with_french_help():
    assert len(diag.questions_for(diag.Autonomy.DIGITAL)) == 6
    assert len(diag.questions_for(diag.Autonomy.ADMINISTRATIVE)) == 6
    assert all(str(q["help"]).strip() for q in diag.QUESTIONS)


def test_each_autonomy_is_scored_separately():
    assert diag.score(answers(3, 0)) == {"numerique": 100, "administrative": 0}
    assert diag.score(answers(0, 3)) == {"numerique": 0, "administrative": 100}
    assert diag.score(answers(1, 2)) == {"numerique": 33, "administrative": 67}


def test_score_rounds_half_up_in_integers():
    chosen = answers(0, 0)
    chosen["courriel"] = "avec_aide"  # 1 point of 18: 5.55… → 6
    chosen["qui_fait_quoi"] = "plutot"  # 2 points of 18: 11.1… → 11
    assert diag.score(chosen) == {"numerique": 6, "administrative": 11}
    assert all(isinstance(v, int) for v in diag.score(chosen).values())


def test_an_unanswered_or_unknown_answer_is_named():
    chosen = answers(2, 2)
    del chosen["delais"]
    chosen["courriel"] = "peut-etre"
    with pytest.raises(diag.IncompleteAnswers) as error:
        diag.score(chosen)
    assert error.value.missing == ["courriel", "delais"]


@pytest.mark.parametrize(
    "score,code",
    [
        (0, "accompagnement"),
        (33, "accompagnement"),
        (34, "coup_de_main"),
        (66, "coup_de_main"),
        (67, "autonome"),
        (100, "autonome"),
    ],
)
def test_levels_have_plain_labels_at_fixed_thresholds(score, code):
    level = diag.level_for(score)
    assert level.code == code and level.label


def _question(**overrides):
    question = {
        "key": "q",
        "autonomy": diag.Autonomy.DIGITAL,
        "label": "Libellé",
        "help": "Aide",
        "choices": diag.CAN_DO,
    }
    question.update(overrides)
    return question


@pytest.mark.parametrize(
    "questions",
    [
        [_question(), _question(autonomy=diag.Autonomy.ADMINISTRATIVE)],  # same key twice
        [_question(autonomy="autre"), _question(key="r", autonomy=diag.Autonomy.ADMINISTRATIVE)],
        [_question(help=" "), _question(key="r", autonomy=diag.Autonomy.ADMINISTRATIVE)],
        [_question(choices=(("a", "A", 0), ("b", "B", 4))), _question(key="r", autonomy="administrative")],
        [_question(choices=(("a", "A", 0), ("a", "B", 3))), _question(key="r", autonomy="administrative")],
        [_question(choices=(("a", "A", 1), ("b", "B", 3))), _question(key="r", autonomy="administrative")],
        [_question()],  # no administrative question
        [{**_question(), "extra": 1}, _question(key="r", autonomy=diag.Autonomy.ADMINISTRATIVE)],
    ],
)
def test_malformed_questions_are_refused(questions):
    with pytest.raises(diag.DiagnosticDefinitionError):
        diag.validate_questions(questions)


def test_the_shipped_questions_are_valid():
    diag.validate_questions(diag.QUESTIONS)
