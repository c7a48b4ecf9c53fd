"""Emails end to end: a service commits, the job runs on a real worker, a real SMTP server receives."""

import email
from email import policy

from sqlmodel import select

from loyalty_app.models import EmailLog
from loyalty_app.services.cards.enrollment import EnrollmentForm, enroll
from loyalty_app.services.cards.qr import card_qr_png


def _form(email="hans.mueller@example.com", first_name="Hans", locale="de", **fields):
    return EnrollmentForm(email=email, first_name=first_name, accept_terms=True, locale=locale, **fields)


def _enroll(session, store_code, form):
    """Enroll, then end the test session's transaction (on SQLite it holds the write lock the job needs)."""
    result = enroll(session, store_code, form)
    session.commit()
    return result


def _log(session) -> list[EmailLog]:
    session.expire_all()
    return list(session.exec(select(EmailLog).order_by(EmailLog.id)))


def test_enrolling_in_german_sends_the_enrollment_and_welcome_emails_in_german_with_the_qr_code(
    session, demo, email_templates, smtp_server, rq
):
    card = _enroll(session, "atelier-ville", _form()).card
    assert smtp_server.messages == []  # nothing is sent inside the request
    rq.work()

    by_subject = {m["Subject"]: m for m in smtp_server.messages}
    assert sorted(by_subject) == ["50 Willkommenspunkte für Sie", "Ihre Karte Mode Atelier ist bereit"]
    welcome = by_subject["Ihre Karte Mode Atelier ist bereit"]
    assert welcome["To"] == "hans.mueller@example.com"
    assert welcome["From"].startswith("Mode Atelier <")
    assert welcome["Content-Language"] == "de"
    text = welcome.get_body(("plain",)).get_content()
    html = welcome.get_body(("html",)).get_content()
    assert "Hallo Hans," in text and "Ihre Kartennummer lautet" in text and "um Punkte zu sammeln" in text
    assert "willkommen im Treueprogramm von Mode Atelier" in html and 'src="cid:card-qr"' in html
    qr = [part for part in welcome.walk() if part.get_content_type() == "image/png"]
    assert len(qr) == 1 and qr[0]["Content-ID"] == "<card-qr>"
    assert qr[0].get_content() == card_qr_png(card.qr_token)  # the QR code of this very card
    bonus = by_subject["50 Willkommenspunkte für Sie"].get_body(("plain",)).get_content()
    assert "Ihr Punktestand beträgt jetzt 50 Punkte." in bonus

    assert [(e.template_code, e.locale, e.status, e.attempts, e.provider) for e in _log(session)] == [
        ("loyalty_enrollment", "de", "sent", 1, "smtp"),
        ("loyalty_welcome_bonus", "de", "sent", 1, "smtp"),
    ]


def test_a_server_refusing_twice_still_delivers_on_the_third_attempt(
    session, demo, email_templates, smtp_server, rq, fast_retries
):
    smtp_server.refuse = 2
    _enroll(session, "lumiere-centre", _form(email="ada@example.com", first_name="Ada", locale="fr"))
    rq.work()

    assert smtp_server.data_commands == 3
    assert [m["Subject"] for m in smtp_server.messages] == ["Votre carte Café Lumière est prête"]
    [logged] = _log(session)
    assert (logged.status, logged.attempts, logged.provider) == ("sent", 3, "smtp")
    assert "attempt 1: SMTPDataError" in logged.error and "attempt 2: SMTPDataError" in logged.error
    assert "451" in logged.error


def test_a_server_refusing_every_attempt_leaves_a_failed_email_after_three_retries(
    session, demo, email_templates, smtp_server, rq, fast_retries
):
    smtp_server.refuse = 10
    _enroll(session, "lumiere-centre", _form(email="ada@example.com", first_name="Ada", locale="en"))
    rq.work()

    [logged] = _log(session)
    assert (logged.status, logged.attempts, logged.sent_at) == ("failed", 4, None)
    assert logged.error.count("SMTPDataError") == 4
    [failed_job] = [rq.queue.fetch_job(job_id) for job_id in rq.queue.failed_job_registry.get_job_ids()]
    assert failed_job.func_name == "jobs.emails.send_card_email"


def test_a_replayed_enrollment_event_queues_no_second_email(session, demo, email_templates, smtp_server, rq):
    from jobs.handlers import HANDLERS
    from loyalty_app.services.events import Enrolled

    card = _enroll(session, "lumiere-centre", _form(email="ada@example.com", first_name="Ada", locale="lb")).card
    for handler in HANDLERS[Enrolled]:
        handler(Enrolled(card.id))  # the same event again, e.g. a retried request
    assert rq.queue.count == 1
    rq.work()
    assert [m["Subject"] for m in smtp_server.messages] == ["Är Kaart Café Lumière ass prett"]


def test_without_redis_the_in_process_worker_retries_with_backoff_and_delivers(
    session, demo, email_templates, smtp_server, embedded_jobs, fast_retries
):
    fast_retries((0.05, 0.1, 0.2))
    smtp_server.refuse = 2
    _enroll(session, "lumiere-centre", _form(email="ada@example.com", first_name="Ada", locale="de"))
    assert embedded_jobs.drain(10)

    [logged] = _log(session)
    assert (logged.status, logged.attempts, logged.provider) == ("sent", 3, "smtp")
    assert [m["Subject"] for m in smtp_server.messages] == ["Ihre Karte Café Lumière ist bereit"]


def test_without_redis_or_smtp_host_the_email_goes_to_the_outbox(session, demo, email_templates, embedded_jobs, outbox):
    _enroll(session, "atelier-ville", _form(email="lena@example.com", first_name="Lena", locale="fr"))
    assert embedded_jobs.drain(10)

    logged = _log(session)
    assert [(e.template_code, e.status, e.provider) for e in logged] == [
        ("loyalty_enrollment", "sent", "outbox"),
        ("loyalty_welcome_bonus", "sent", "outbox"),
    ]
    files = {p.name: p for p in outbox.glob("*.eml")}
    assert sorted(name.split("-", 2)[2] for name in files) == [f"{e.id}.eml" for e in logged]
    raw = next(p for name, p in files.items() if name.endswith(f"-{logged[0].id}.eml")).read_bytes()
    saved = email.message_from_bytes(raw, policy=policy.default)
    assert saved["Subject"] == "Votre carte Mode Atelier est prête" and saved["To"] == "lena@example.com"
    assert [p.get_content_type() for p in saved.walk() if p.get_content_maintype() == "image"] == ["image/png"]
