"""After-commit wiring: which background job each service event starts.

`loyalty_app.services` imports this module, so every process that can emit an event (the app,
the API, CLIs, the workers) has these handlers registered. Handlers only enqueue: the email job
re-reads the card and decides (once per card or per period) whether there is anything to send.
"""

from loyalty_app.services import effects

EMAIL_ON_EVENT = {
    "enrolled": "loyalty_enrollment",
    "welcome_bonus": "loyalty_welcome_bonus",
    "reward_ready": "loyalty_reward_ready",
}
ONCE_PER_CARD = frozenset({"loyalty_enrollment", "loyalty_welcome_bonus"})


def _email_handler(code: str):
    def handler(card_id: int, **_) -> None:
        from jobs.emails import send_card_email
        from jobs.queue import enqueue

        # Once-per-card emails get a job id from what they do, so a replayed event queues nothing.
        job_id = f"email-{code}-card-{card_id}" if code in ONCE_PER_CARD else None
        enqueue(send_card_email, code, card_id, job_id=job_id)

    handler.__name__ = handler.__qualname__ = f"enqueue_{code}"
    return handler


HANDLERS = {event: _email_handler(code) for event, code in EMAIL_ON_EVENT.items()}
for _event, _handler in HANDLERS.items():
    effects.on(_event, _handler)


def enqueue_wallet_card_sync(card_id: int, transaction_id: int | None = None, **_) -> None:
    from jobs.wallet import on_card_changed

    on_card_changed(card_id, transaction_id)


def enqueue_wallet_program_sync(program_id: int, **_) -> None:
    from jobs.wallet import on_program_changed

    on_program_changed(program_id)


effects.on("card_changed", enqueue_wallet_card_sync)
effects.on("program_changed", enqueue_wallet_program_sync)


def enqueue_task(task_id: int, **_) -> None:
    from jobs.queue import enqueue
    from jobs.tasks import run_task

    enqueue(run_task, task_id, job_id=f"task-{task_id}")


effects.on("task_created", enqueue_task)
