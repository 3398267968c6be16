"""Background jobs left « running » by a worker that died (SIGKILL, power cut, OOM) are run again.

django-tasks-db marks a job RUNNING when a worker claims it and never looks at it again: a worker killed
mid-job leaves it RUNNING for ever, and the e-mail, SMS or letter is never sent. Our jobs are safe to
run twice (a sent notification is not resent), so a job running for longer than any job takes is put
back in the queue. With a single worker, its start requeues every running job (bin/serve).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


@transaction.atomic
def requeue_abandoned_tasks(*, older_than: datetime.timedelta | None = None) -> int:
    if older_than is None:
        older_than = datetime.timedelta(minutes=settings.GUICHET_TASK_ABANDONED_MINUTES)
    abandoned = DBTaskResult.objects.select_for_update().filter(
        status=TaskResultStatus.RUNNING, started_at__lte=timezone.now() - older_than
    )
    return abandoned.update(status=TaskResultStatus.READY, started_at=None)
