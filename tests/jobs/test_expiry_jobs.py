"""The daily expiry and warning jobs: the expired email once after the balance is zeroed, warnings once."""

from datetime import timedelta

from sqlmodel import select

from jobs import scheduled
from loyalty_app.models import EmailLog
from loyalty_app.services.ledger.journal import find_mismatches
from tests.jobs.cards import bulk_points_cards
from tests.services.test_expiry import EXPIRED, NOW, _card


def test_warning_email_goes_at_the_14_day_mark_and_not_again_the_next_day(
    session, demo, email_templates, jobs_db, embedded_jobs, clock_at
):
    [card_id] = bulk_points_cards(session, "atelier-ville", 1, 1250, NOW - timedelta(days=351), email_prefix="w")
    session.commit()
    for day in range(3):
        clock_at(NOW + timedelta(days=day))
        scheduled.expiry_warnings()
        assert embedded_jobs.drain(10)
    session.expire_all()
    [email] = session.exec(select(EmailLog)).all()
    assert (email.card_id, email.template_code, email.status) == (card_id, "loyalty_points_expiring", "sent")
    assert email.subject == "Ihre Punkte verfallen am 29. Juni 2026"
    assert "die 1.250 Punkte auf Ihrer Karte Mode Atelier verfallen am 29. Juni 2026." in email.body_text


def test_the_daily_expiry_job_zeroes_balances_then_sends_the_expired_email_once(
    session, demo, email_templates, jobs_db, embedded_jobs, clock_at
):
    [card_id] = bulk_points_cards(session, "atelier-ville", 1, 80, EXPIRED, email_prefix="x", locale="fr")
    session.commit()
    clock_at(NOW)
    assert scheduled.points_expiry()["cards"] == 1
    assert embedded_jobs.drain(10)
    clock_at(NOW + timedelta(days=1))
    assert scheduled.points_expiry() == {"cards": 0, "points": 0, "chunks": 0, "emails": 0}
    assert embedded_jobs.drain(10)
    session.expire_all()
    [email] = session.exec(select(EmailLog)).all()
    assert (email.card_id, email.template_code, email.status) == (card_id, "loyalty_points_expired", "sent")
    assert "80 points ont donc expiré le 15 juin 2026" in email.body_text
    assert _card(session, card_id).points_balance == 0 and find_mismatches(session) == []
