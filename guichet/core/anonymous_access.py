"""What a browser session holds without an account: dossiers opened with their code, screenings,
mandates followed, codes to hand over. On a shared computer (France Services, médiathèque, a
relative's phone) the next person must not inherit it.

Core imports no module, so the keys are listed here by name; a test checks that every module's session
key is in the list.
"""

ANONYMOUS_ACCESS_KEYS = (
    "guichet_dossiers_suivis",  # procedures.perms.FOLLOWED_SESSION_KEY
    "guichet_codes_a_remettre",  # procedures.perms.CODES_SESSION_KEY
    "guichet_simulations",  # screening.perms.SESSION_KEY
    "guichet_mandats_suivis",  # mandates.perms.FOLLOWED_SESSION_KEY
    "guichet_mandats_choisis",  # mandates.perms.ACTING_SESSION_KEY
    "guichet_codes_mandats",  # mandates.views_aidant.CODES_SESSION_KEY
    "guichet_codes_simulations",  # screening.views_questionnaire.CODES_SESSION_KEY
    "guichet_rendez_vous",  # appointments.perms.SESSION_KEY
    "guichet_rendez_vous_code",  # appointments.views.CODE_SESSION_KEY
    "guichet_demandes_tirage",  # appointments.views_fair.SESSION_KEY
    "guichet_demande_code",  # appointments.views_fair.CODE_SESSION_KEY
)


def forget_anonymous_access(session) -> None:
    """Called when someone logs in: what the session reached before belongs to whoever used it then."""
    for key in ANONYMOUS_ACCESS_KEYS:
        session.pop(key, None)


def holds_anonymous_access(session) -> bool:
    return any(session.get(key) for key in ANONYMOUS_ACCESS_KEYS)
