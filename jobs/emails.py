"""Email jobs: prepare (once per period) and send, one attempt per run; the queue retries."""

from loyalty_app.db import session_scope
from loyalty_app.services.email import card_emails as emails
from loyalty_app.services.email import mailer


def send_card_email(code: str, card_id: int) -> str:
    """Send email `code` to the card's customer if it is due and not sent yet in its period."""
    with session_scope() as session:
        email = emails.prepare_card_email(session, code, card_id)
        if email is None:
            return "skipped"
        mailer.deliver(session, email.id)
        return f"sent email {email.id}"


def send_logged_email(email_log_id: int) -> str:
    """(Re)send an email already in the log, e.g. a failed one an admin resends."""
    with session_scope() as session:
        return "sent" if mailer.deliver(session, email_log_id) else "skipped"
