"""The audit and email logs for platform admins: filters by actor, merchant, action, status and date."""

from datetime import date, timedelta

from sqlmodel import select

from loyalty_app.demo import ADMIN_EMAIL
from loyalty_app.demo.accounts import get_user
from loyalty_app.models import AuditLog, EmailLog
from loyalty_app.services.admin import audit_log as admin_logs
from loyalty_app.services.admin.audit_log import AuditFilter
from loyalty_app.services.email import log as email_log
from loyalty_app.services.email.defaults import CODES
from loyalty_app.services.email.log import EmailFilter
from loyalty_app.services.ledger import points
from loyalty_app.services.staff import scope

from .support import NOW, join


def _adjust_on_behalf(session, demo, card, now=NOW):
    atelier = demo["merchants"]["atelier"].id
    admin = scope.merchant_actor(session, get_user(session, ADMIN_EMAIL), atelier)
    points.adjust_points(session, atelier, card.id, 25, "Lost receipt", admin, now=now)
    return admin


def test_audit_rows_name_the_actor_the_acting_admin_and_the_merchant(session, demo, actors):
    card = join(session, "atelier-ville", "ada@example.com").card
    admin = _adjust_on_behalf(session, demo, card)
    points.adjust_points(session, card.merchant_id, card.id, 5, "Owner goodwill", actors["atelier_owner"])

    page = admin_logs.list_audit(session, AuditFilter(action="card.adjust_points"))

    assert page["total"] == 2
    by_admin = [row for row in page["items"] if row["acting_admin_id"] == admin.user_id]
    assert by_admin[0]["actor"] == by_admin[0]["acting_admin"] == ADMIN_EMAIL
    assert by_admin[0]["merchant"] == "Mode Atelier"
    assert by_admin[0]["new_values"]["reason"] == "Lost receipt"


def test_audit_filters_by_actor_merchant_action_and_day(session, demo, actors):
    card = join(session, "atelier-ville", "ada@example.com").card
    _adjust_on_behalf(session, demo, card)
    points.adjust_points(session, card.merchant_id, card.id, 5, "Owner goodwill", actors["atelier_owner"])
    old = session.exec(select(AuditLog).order_by(AuditLog.id)).first()
    old.created_at = NOW - timedelta(days=40)
    session.add(old)
    session.commit()

    def count(**f) -> int:
        return admin_logs.list_audit(session, AuditFilter(**f))["total"]

    total = count()
    assert count(actor="ADMIN@") == 1
    assert count(actor="paul atelier") == 1  # the owner's name
    assert count(actor=str(actors["atelier_owner"].user_id)) >= 1
    assert count(merchant_id=demo["merchants"]["lumiere"].id) < total
    assert count(date_to=(NOW - timedelta(days=39)).date()) == 1
    assert count(date_from=(NOW - timedelta(days=39)).date()) == total - 1
    assert "card.adjust_points" in admin_logs.audit_actions(session)


def test_audit_pages_are_bounded(session, demo, actors):
    card = join(session, "atelier-ville", "ada@example.com").card
    for i in range(5):
        points.adjust_points(session, card.merchant_id, card.id, 1, f"r{i}", actors["atelier_owner"])
    page = admin_logs.list_audit(session, AuditFilter(action="card.adjust_points"), page=9, page_size=2)
    assert (page["page"], page["pages"], len(page["items"])) == (3, 3, 1)


def test_email_log_filters_by_status_code_merchant_recipient_and_day(session, demo):
    atelier = demo["merchants"]["atelier"].id
    session.add_all(
        [
            EmailLog(
                merchant_id=atelier,
                template_code="loyalty_enrollment",
                locale="de",
                recipient="ada@example.com",
                subject="Willkommen",
                status="sent",
                provider="outbox",
                created_at=NOW,
            ),
            EmailLog(
                merchant_id=atelier,
                template_code="loyalty_birthday",
                locale="de",
                recipient="bob@example.com",
                subject="Alles Gute",
                status="failed",
                attempts=3,
                error="attempt 3: SMTPServerDisconnected",
                created_at=NOW - timedelta(days=2),
            ),
            EmailLog(
                merchant_id=None,
                template_code="loyalty_birthday",
                locale="en",
                recipient="ops@example.com",
                subject="Test",
                status="queued",
                created_at=NOW,
            ),
        ]
    )
    session.commit()

    def emails(**f) -> list:
        return email_log.list_emails(session, EmailFilter(**f)).items

    failed = emails(status="failed")
    assert [e.recipient for e in failed] == ["bob@example.com"]
    assert failed[0].error == "attempt 3: SMTPServerDisconnected" and failed[0].merchant == "Mode Atelier"
    assert len(emails(template_code="loyalty_birthday")) == 2
    assert len(emails(merchant_id=atelier)) == 2
    assert [e.recipient for e in emails(recipient="ADA@")] == ["ada@example.com"]
    assert len(emails(date_from=NOW.date(), date_to=NOW.date())) == 2
    assert len(emails(date_to=date(2000, 1, 1))) == 0
    assert emails(status="nonsense") == emails()  # an unknown status is no filter
    assert email_log.email_codes(session)[:7] == list(CODES)
