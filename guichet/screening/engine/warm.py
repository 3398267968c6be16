"""Warming the engine up as a process starts: the top layer, since it runs real screenings (api)."""

from __future__ import annotations

import gc
import logging
import threading

logger = logging.getLogger(__name__)


def warm_up(period: str | None = None) -> None:
    """Load the system and run two small screenings so that the parameters of the period are resolved
    along every path a household takes: a person alone, and a couple with a disabled person, a salary
    and a child (the AAH's resources and the housing benefit that its complement reads are computed only
    when someone may receive the AAH, see fast_simulation.GUARDED_PRODUCTS)."""
    import datetime
    from decimal import Decimal

    from guichet.screening.engine.api import screen_household
    from guichet.screening.household import Household, Person

    d = datetime.date
    alone = Household(persons=(Person(role="demandeur", date_naissance=d(1980, 1, 1)),), depcom="75056")
    family = Household(
        persons=(
            Person(role="demandeur", date_naissance=d(1978, 2, 2), aah_taux_incapacite=80),
            Person(role="conjoint", date_naissance=d(1979, 3, 3), salaire_net_mensuel=Decimal(1200)),
            Person(role="enfant", date_naissance=d(2014, 4, 4), scolarite="college"),
        ),
        depcom="75056",
        loyer_mensuel=Decimal(600),
    )
    for household in (alone, family):
        screen_household(household, period=period, use_cache=False)
    # The system, its parameters and the plan are some 470,000 objects that live as long as the process.
    # Left to the garbage collector, every full collection walks them all (0.2 s measured, charged to
    # whichever screening is running then); frozen, collections only see what requests allocate.
    gc.collect()
    gc.freeze()


def warm_up_in_background(period: str | None = None) -> threading.Thread:
    """Warm up in a daemon thread, for a web process that starts: it serves other pages meanwhile, and a
    screening that arrives before the end waits for the system's load (its lock) instead of repeating it."""

    def run():
        try:
            warm_up(period)
        except Exception:  # the process still serves; the first screening will load what it needs
            logger.exception("Préchauffage d'OpenFisca-France en échec")

    thread = threading.Thread(target=run, name="screening-warm-up", daemon=True)
    thread.start()
    return thread
