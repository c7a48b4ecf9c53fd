"""The one handler table: which background job each service event starts, after commit.

Handlers only enqueue, with job ids that make a replayed event queue nothing twice where it
matters: the email job re-reads the card and decides (once per card or per period) what to send.
`jobs.bootstrap.bootstrap()` installs this table into the services' event bus at start-up.
"""

from collections.abc import Callable

from loyalty_app.services.events import (
    CardChanged,
    Enrolled,
    Event,
    ProgramChanged,
    RewardReady,
    SignInLinkRequested,
    TaskCreated,
    TemplateTestEmailRequested,
    WalletResyncRequested,
    WelcomeBonusGiven,
)

from . import wallet
from .emails import send_card_email, send_logged_email
from .queue import enqueue
from .tasks import run_task

ONCE_PER_CARD = frozenset({"loyalty_enrollment", "loyalty_welcome_bonus"})


def _card_email(code: str) -> Callable[[Event], None]:
    def handler(event: Enrolled | WelcomeBonusGiven | RewardReady) -> None:
        # Once-per-card emails get a job id from what they do, so a replayed event queues nothing.
        job_id = f"email-{code}-card-{event.card_id}" if code in ONCE_PER_CARD else None
        enqueue(send_card_email, code, event.card_id, job_id=job_id)

    handler.__name__ = handler.__qualname__ = f"enqueue_{code}"
    return handler


def sync_wallet_card(event: CardChanged) -> None:
    wallet.on_card_changed(event.card_id, event.transaction_id)


def sync_wallet_program(event: ProgramChanged) -> None:
    wallet.on_program_changed(event.program_id)


def resync_wallet(event: WalletResyncRequested) -> None:
    wallet.queue_resync(event.card_id, job_id=event.request_id)


def run_created_task(event: TaskCreated) -> None:
    enqueue(run_task, event.task_id, job_id=f"task-{event.task_id}")


def send_sign_in_email(event: SignInLinkRequested) -> None:
    enqueue(send_logged_email, event.email_log_id, job_id=f"email-sign-in-{event.email_log_id}")


def send_template_test_email(event: TemplateTestEmailRequested) -> None:
    enqueue(send_logged_email, event.email_log_id, job_id=f"email-test-{event.email_log_id}")


HANDLERS: dict[type[Event], list[Callable[[Event], None]]] = {
    Enrolled: [_card_email("loyalty_enrollment")],
    WelcomeBonusGiven: [_card_email("loyalty_welcome_bonus")],
    RewardReady: [_card_email("loyalty_reward_ready")],
    CardChanged: [sync_wallet_card],
    ProgramChanged: [sync_wallet_program],
    WalletResyncRequested: [resync_wallet],
    TaskCreated: [run_created_task],
    SignInLinkRequested: [send_sign_in_email],
    TemplateTestEmailRequested: [send_template_test_email],
}
