"""The hourly birthday job: one email a year, only with consent, re-checked when the job runs."""

from datetime import timedelta

from sqlmodel import select

from jobs import scheduled
from loyalty_app.models import Customer, EmailLog, LoyaltyCard
from tests.services.test_birthdays import MORNING, _join


def test_the_birthday_job_sends_once_even_when_it_runs_every_hour(
    session, demo, email_templates, jobs_db, embedded_jobs, clock_at
):
    card_id = _join(session, "mia@example.com", "2000-02-29", locale="lb")
    _join(session, "no.consent@example.com", "2000-02-28", consent=False)
    for hour in range(3):
        clock_at(MORNING + timedelta(hours=hour))
        scheduled.birthday_emails()
        assert embedded_jobs.drain(10)
    session.expire_all()
    [email] = session.exec(select(EmailLog).where(EmailLog.template_code == "loyalty_birthday")).all()
    assert (email.card_id, email.template_code, email.locale, email.status) == (
        card_id,
        "loyalty_birthday",
        "lb",
        "sent",
    )
    assert email.subject == "Alles Guddes fir Äre Gebuertsdag, Mia!"
    assert session.get(LoyaltyCard, card_id).last_birthday_email_year == 2027


def test_consent_withdrawn_before_the_job_runs_stops_the_email(
    session, demo, email_templates, jobs_db, embedded_jobs, clock_at
):
    from jobs.emails import send_card_email

    card_id = _join(session, "mia@example.com", "2000-02-29")
    customer = session.exec(select(Customer)).one()
    customer.marketing_consent = False
    session.add(customer)
    session.commit()
    clock_at(MORNING)
    assert send_card_email("loyalty_birthday", card_id) == "skipped"
    assert session.exec(select(EmailLog).where(EmailLog.template_code == "loyalty_birthday")).all() == []
