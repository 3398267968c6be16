"""Caseload screening: a file of persons in, a file of households' benefits out, by chunks."""

from guichet.screening.batch.runner import BatchReport, run_file

__all__ = ["BatchReport", "run_file"]
