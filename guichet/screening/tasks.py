"""Background tasks of screening, under the path the worker knows; each is declared beside its service
(tasks call services, never the reverse)."""

from guichet.screening.services.caseload import run_caseload

__all__ = ["run_caseload"]
