"""Sending one logged email: a MIME message (text + HTML + inline images) over SMTP or to the outbox.

SMTP uses STARTTLS, SSL or neither per settings. Embedded mode without an SMTP host writes .eml
files to `data/outbox/` instead (provider "outbox"). Every attempt is counted on the email log
row: queued -> sent, or failed with the error of each attempt, so a retry shows its history.
"""

import contextlib
import logging
import smtplib
import ssl
import threading
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path

from sqlmodel import Session

from loyalty_app.models import EmailLog, Merchant
from loyalty_app.services.context import clock
from loyalty_app.services.email.card_emails import inline_images
from loyalty_app.settings import Settings, get_settings

log = logging.getLogger(__name__)
SMTP_TIMEOUT = 30
MAX_ERROR = 4000


class DeliveryFailed(Exception):
    """An attempt failed; the job's retry policy decides whether there is another."""


class MailNotConfigured(Exception):
    pass


def build_message(email: EmailLog, sender_name: str | None, images: dict[str, bytes]) -> EmailMessage:
    settings = get_settings()
    _, from_address = parseaddr(settings.mail_from)
    msg = EmailMessage()
    msg["Subject"] = email.subject
    msg["From"] = formataddr((sender_name, from_address)) if sender_name else settings.mail_from
    msg["To"] = email.recipient
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(idstring=f"email-{email.id}", domain=from_address.rpartition("@")[2] or None)
    msg["X-Loyalty-Email-Id"] = str(email.id)
    msg.set_content(email.body_text)
    msg.add_alternative(email.body_html, subtype="html")
    msg["Content-Language"] = email.locale  # after set_content, which drops Content-* headers
    html_part = msg.get_payload()[1]
    for cid, png in images.items():
        html_part.add_related(
            png, maintype="image", subtype="png", cid=f"<{cid}>", filename=f"{cid}.png", disposition="inline"
        )
    return msg


class SmtpTransport:
    """smtplib, one connection kept per thread and reopened when the server dropped it."""

    name = "smtp"
    _local = threading.local()

    def __init__(self, settings: Settings):
        self.settings = settings
        self.key = (settings.smtp_host, settings.smtp_port, settings.smtp_security, settings.smtp_username)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.smtp_security == "ssl":
            conn = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT, context=tls_context())
        else:
            conn = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT)
            if s.smtp_security == "starttls":
                conn.starttls(context=tls_context())
        if s.smtp_username:
            conn.login(s.smtp_username, s.smtp_password or "")
        return conn

    def _cached(self) -> smtplib.SMTP | None:
        cached = getattr(self._local, "conn", None)
        return cached[1] if cached and cached[0] == self.key else None

    def _drop(self) -> None:
        conn = self._cached()
        self._local.conn = None
        if conn is not None:
            with contextlib.suppress(Exception):  # closing a broken socket may fail again; it is gone anyway
                conn.close()

    def send(self, msg: EmailMessage) -> None:
        conn = self._cached()
        if conn is not None:
            try:
                conn.send_message(msg)
                return
            except smtplib.SMTPServerDisconnected:
                self._drop()  # an idle connection the server closed: not this email's fault
            except Exception:
                self._drop()
                raise
        conn = self._connect()
        try:
            conn.send_message(msg)
        except Exception:
            with contextlib.suppress(Exception):
                conn.close()
            raise
        self._local.conn = (self.key, conn)


class OutboxTransport:
    """Embedded mode without SMTP: each email becomes an .eml file the admin can open."""

    name = "outbox"

    def __init__(self, directory: Path):
        self.directory = directory

    def send(self, msg: EmailMessage) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.directory / f"{stamp}-{msg['X-Loyalty-Email-Id']}.eml"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(bytes(msg))
        tmp.replace(path)
        return path


def tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


def outbox_dir(settings: Settings | None = None) -> Path:
    return (settings or get_settings()).data_dir / "outbox"


def transport(settings: Settings | None = None):
    settings = settings or get_settings()
    if settings.smtp_host:
        return SmtpTransport(settings)
    if not settings.redis_url:
        return OutboxTransport(outbox_dir(settings))
    raise MailNotConfigured("LOYALTY_SMTP_HOST is not set (the outbox is only for embedded mode)")


def deliver(session: Session, email_log_id: int, now: datetime | None = None) -> EmailLog | None:
    """One attempt at sending a logged email; raises DeliveryFailed so the job retries."""
    email = session.get(EmailLog, email_log_id)
    if email is None or email.status == "sent" or not email.body_text:
        return None
    email.attempts += 1
    attempt = email.attempts
    session.add(email)
    session.commit()  # count the attempt before the network call, and hold no lock during it
    merchant = session.get(Merchant, email.merchant_id) if email.merchant_id else None
    try:
        via = transport()
        via.send(build_message(email, merchant.name if merchant else None, inline_images(session, email)))
    except Exception as exc:
        session.rollback()
        email = session.get(EmailLog, email_log_id)
        line = f"attempt {attempt}: {type(exc).__name__}: {exc}"
        email.status = "failed"
        email.error = "\n".join(filter(None, [email.error, line]))[-MAX_ERROR:]
        session.add(email)
        session.commit()
        log.warning("email %s to %s failed (%s)", email_log_id, email.recipient, line)
        raise DeliveryFailed(line) from exc
    email.status, email.sent_at, email.provider = "sent", clock(now), via.name
    session.add(email)
    session.commit()
    return email


def close_connection() -> None:
    """Close the SMTP connection this thread keeps open (worker shutdown, tests)."""
    cached = getattr(SmtpTransport._local, "conn", None)
    SmtpTransport._local.conn = None
    if cached is not None:
        with contextlib.suppress(Exception):
            cached[1].quit()
