"""Which email a card gets: once per card or per period, only to a real recipient, rendered in its language."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from loyalty_app.demo import PINS
from loyalty_app.models import Customer, EmailLog, EmailTemplate
from loyalty_app.services.cards.enrollment import EnrollmentForm, enroll
from loyalty_app.services.context import Actor
from loyalty_app.services.email.card_emails import prepare_card_email
from loyalty_app.services.email.templates import ensure_platform_defaults, save_template
from loyalty_app.services.ledger import stamps

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


def _join(session, store="lumiere-centre", locale="en", email="ada@example.com"):
    ensure_platform_defaults(session)
    return enroll(
        session, store, EnrollmentForm(email=email, first_name="Ada", accept_terms=True, locale=locale), now=NOW
    ).card


def _stamp_to_target(session, card, demo, start):
    owner = Actor(role="merchant_owner", merchant_id=demo["merchants"]["lumiere"].id)
    for i in range(10):
        stamps.add_stamp(
            session,
            "lumiere-centre",
            card.card_number,
            owner,
            staff_pin=PINS["lumiere-centre"],
            now=start + timedelta(days=i),
        )


def test_the_enrollment_email_is_prepared_once_per_card(session, demo):
    card = _join(session)
    first = prepare_card_email(session, "loyalty_enrollment", card.id, NOW)
    assert (first.status, first.recipient) == ("queued", "ada@example.com")
    assert first.subject == "Your Café Lumière card is ready"
    assert "View my card: http://localhost:3000/s/lumiere-centre/card\n" in first.body_text
    assert card.qr_token not in first.body_text + first.body_html  # the QR travels as an image only
    assert "Wallet" not in first.body_text  # no wallet configured: no buttons
    assert prepare_card_email(session, "loyalty_enrollment", card.id, NOW).id == first.id  # a retry reuses the row
    first.status = "sent"
    session.add(first)
    session.commit()
    assert prepare_card_email(session, "loyalty_enrollment", card.id, NOW) is None


def test_reward_ready_goes_once_per_reward_cycle(session, demo):
    card = _join(session)
    _stamp_to_target(session, card, demo, NOW)
    email = prepare_card_email(session, "loyalty_reward_ready", card.id, NOW + timedelta(days=10))
    assert email.subject == "Your reward is waiting at Café Lumière" and "(Free coffee)" in email.body_text
    email.status = "sent"
    session.add(email)
    session.commit()
    assert prepare_card_email(session, "loyalty_reward_ready", card.id, NOW + timedelta(days=10)) is None
    owner = Actor(role="merchant_owner", merchant_id=demo["merchants"]["lumiere"].id)
    stamps.redeem_stamps(
        session,
        "lumiere-centre",
        card.card_number,
        owner,
        staff_pin=PINS["lumiere-centre"],
        now=NOW + timedelta(days=11),
    )
    assert prepare_card_email(session, "loyalty_reward_ready", card.id, NOW + timedelta(days=11)) is None  # 0/10
    _stamp_to_target(session, card, demo, NOW + timedelta(days=12))
    assert prepare_card_email(session, "loyalty_reward_ready", card.id, NOW + timedelta(days=22)) is not None


def test_no_welcome_bonus_email_without_a_welcome_bonus(session, demo):
    card = _join(session)  # Café Lumière: a stamp card, no welcome bonus
    assert prepare_card_email(session, "loyalty_welcome_bonus", card.id, NOW) is None


def test_an_anonymized_customer_gets_nothing(session, demo):
    card = _join(session)
    customer = session.get(Customer, card.customer_id)
    customer.email, customer.anonymized_at = None, NOW
    session.add(customer)
    session.commit()
    assert prepare_card_email(session, "loyalty_enrollment", card.id, NOW) is None
    assert session.exec(select(EmailLog)).all() == []


def test_a_broken_template_is_logged_as_failed_and_not_retried(session, demo):
    card = _join(session, locale="fr")

    row = session.exec(
        select(EmailTemplate).where(EmailTemplate.code == "loyalty_enrollment", EmailTemplate.locale == "fr")
    ).one()
    row.body_text = "{{ 1 / 0 }}"
    session.add(row)
    session.commit()
    assert prepare_card_email(session, "loyalty_enrollment", card.id, NOW) is None
    [failed] = session.exec(select(EmailLog)).all()
    assert failed.status == "failed" and failed.error.startswith("template: ZeroDivisionError")
    assert prepare_card_email(session, "loyalty_enrollment", card.id, NOW) is None  # not retried


def test_the_customers_language_and_the_merchants_override_are_used(session, demo):
    card = _join(session, store="atelier-ville", locale="lb")
    save_template(
        session,
        "loyalty_welcome_bonus",
        "lb",
        "{{ welcome_points }} Punkte vum Atelier",
        "Moien {{ first_name }}",
        "<p>Moien {{ first_name }}</p>",
        merchant_id=card.merchant_id,
    )
    email = prepare_card_email(session, "loyalty_welcome_bonus", card.id, NOW)
    assert (email.locale, email.subject, email.body_text) == ("lb", "50 Punkte vum Atelier", "Moien Ada\n")


def test_the_enrollment_email_carries_the_wallet_links_when_a_wallet_is_configured(session, demo):
    from tests.jobs.support import settings_env

    card = _join(session, locale="de")
    with settings_env(apple_pass_type_id="pass.test.loyalty"):
        email = prepare_card_email(session, "loyalty_enrollment", card.id, NOW)
    link = f"/api/v1/storefront/cards/{card.qr_token}/pass.pkpass"
    assert f"Zu Apple Wallet hinzufügen: http://localhost:3000{link}" in email.body_text
    assert f'href="http://localhost:3000{link}"' in email.body_html and "Google Wallet" not in email.body_text
