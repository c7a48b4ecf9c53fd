"""The weekly re-engagement job: a lapsed card hears from the merchant at most once a quarter."""

from datetime import timedelta

from sqlmodel import select

from jobs import scheduled
from loyalty_app.models import EmailLog
from tests.services.test_reengagement import NOW, _join


def test_the_weekly_job_emails_a_lapsed_card_at_most_once_a_quarter(
    session, demo, email_templates, jobs_db, embedded_jobs, clock_at
):
    card_id = _join(session, "lapsed@example.com", NOW - timedelta(days=61))
    for week in range(15):  # three and a half months of Mondays
        clock_at(NOW + timedelta(weeks=week))
        scheduled.reengagement_emails()
        assert embedded_jobs.drain(10)
    session.expire_all()
    sent = session.exec(
        select(EmailLog).where(EmailLog.template_code == "loyalty_reengagement").order_by(EmailLog.id)
    ).all()
    assert [(e.card_id, e.template_code, e.status) for e in sent] == [(card_id, "loyalty_reengagement", "sent")] * 2
    assert sent[1].created_at - sent[0].created_at == timedelta(weeks=13)
    assert sent[0].subject == "Vous nous manquez chez Café Lumière"
    assert "plus que 10 avant votre récompense" in sent[0].body_text
