from django_tasks import task


@task()
def run_caseload(caseload_id: str) -> str:
    """Screen an uploaded caseload with the engine (progress saved on the caseload as it goes)."""
    from guichet.screening.services.caseload import run_caseload_job

    return run_caseload_job(caseload_id=caseload_id).status
