"""Preloaded by the fork server that starts the workers of a local Dask cluster (executors.DaskExecutor).

The server loads the OpenFisca-France tax-benefit system once (seconds); every worker forked from it
starts with the system loaded instead of loading it itself, all at the same time. Importing this module
anywhere else only loads the system, which any screening would do on first use.
"""

try:
    from guichet.screening.batch import executors  # what a task unpickles first

    executors.quiet_distributed()  # the nannies and workers forked from here
    from guichet.screening.engine.system import tax_benefit_system

    tax_benefit_system()
except Exception:  # noqa: BLE001, S110 (the fork server must live: workers then load the system themselves)
    pass
