"""Re-engagement: cards inactive over 60 days, with consent, at most once a quarter."""

from datetime import UTC, datetime, timedelta

from loyalty_app.services.cards.enrollment import EnrollmentForm, enroll
from loyalty_app.services.email.reengagement import reengagement_due

NOW = datetime(2026, 9, 7, 8, 0, tzinfo=UTC)  # a Monday, 10:00 in Luxembourg


def _join(session, email, last_visit, consent=True):
    card = enroll(
        session,
        "lumiere-centre",
        EnrollmentForm(email=email, first_name="Léa", accept_terms=True, locale="fr", marketing_consent=consent),
        now=last_visit,
    ).card
    session.commit()
    return card.id


def test_only_consenting_customers_inactive_over_60_days_are_due(session, demo):
    lapsed = _join(session, "lapsed@example.com", NOW - timedelta(days=61))
    _join(session, "regular@example.com", NOW - timedelta(days=59))
    _join(session, "private@example.com", NOW - timedelta(days=200), consent=False)
    assert reengagement_due(session, NOW) == [lapsed]
