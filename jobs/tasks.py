"""Merchant background tasks (bulk actions, imports, exports): the job only opens a session and runs the service."""

import logging

from loyalty_app.db import session_scope
from loyalty_app.services.tasks import lifecycle as tasks

log = logging.getLogger(__name__)


def run_task(task_id: int) -> dict | None:
    with session_scope() as session:
        task = tasks.execute(session, task_id)
        if task is None:
            log.info("task %s was not queued any more: nothing to do", task_id)
            return None
        return {"task": task.id, "status": task.status, "done": task.done, "total": task.total}
