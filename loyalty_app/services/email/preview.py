"""The platform admin's template editor: sample data, a live preview, the overrides, saving, a test email."""

import base64
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import TemplateError
from sqlmodel import Session, select

from loyalty_app.models import EmailLog, EmailTemplate, Merchant
from loyalty_app.services import effects, errors
from loyalty_app.services.admin import audit
from loyalty_app.services.cards.enrollment import _EMAIL
from loyalty_app.services.cards.qr import card_qr_png
from loyalty_app.services.context import Actor
from loyalty_app.services.email import templates as email_templates
from loyalty_app.services.email.card_emails import QR_CID
from loyalty_app.services.email.defaults import CODES, LOCALES
from loyalty_app.services.events import TemplateTestEmailRequested

SAMPLE_QR_TOKEN = "sample-card-qr-token"


def sample_context(code: str, locale: str) -> dict:
    """The values a real send would fill in (services.emails.build_context), for a made-up card."""

    def number(value: int) -> str:
        return format_decimal(value, locale=locale)

    def day(value: date) -> str:
        return format_date(value, "long", locale=locale)

    ctx = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "merchant_name": "Café Lumière",
        "store_name": "Café Lumière Centre",
        "card_name": "Café Lumière",
        "card_color": "#8B5A2B",
        "card_number": "1234 5678 9012",
        "loyalty_type": "points",
        "points_balance": number(1250),
        "stamp_count": 10,
        "stamps_target": 10,
        "stamps_missing": 0,
        "reward": "Free coffee",
        "card_url": "https://loyalty.example.com/s/lumiere-centre/card?token=sample",
        "qr_cid": QR_CID,
        "google_wallet_url": "https://pay.google.com/gp/v/save/sample",
        "apple_wallet_url": "https://loyalty.example.com/api/v1/wallet/apple/sample.pkpass",
    }
    extra = {
        "loyalty_welcome_bonus": {"welcome_points": number(50)},
        "loyalty_points_expiring": {"expiry_date": day(date(2026, 7, 1)), "expiry_days": 365},
        "loyalty_points_expired": {
            "points_expired": number(300),
            "expired_on": day(date(2026, 6, 30)),
            "expiry_days": 365,
        },
        "loyalty_reengagement": {"last_visit": day(date(2026, 3, 14))},
    }
    return {**ctx, **extra.get(code, {})}


def _check_choice(code: str, locale: str) -> dict[str, str]:
    return {name: "invalid_choice" for name, ok in (("code", code in CODES), ("locale", locale in LOCALES)) if not ok}


def preview(code: str, locale: str, subject: str, body_text: str, body_html: str) -> email_templates.RenderedEmail:
    """Render edited sources with the sample data; the QR code shows inline instead of as an attachment."""
    problems = _check_choice(code, locale) | email_templates.validate_sources(subject, body_text, body_html)
    if problems:
        raise errors.ValidationFailed(problems)
    draft = EmailTemplate(id=0, code=code, locale=locale, subject=subject, body_text=body_text, body_html=body_html)
    try:
        rendered = email_templates.render(draft, sample_context(code, locale))
    except TemplateError as exc:  # valid syntax that fails at render time (unknown filter, sandbox refusal)
        raise errors.ValidationFailed({"template": "render_failed"}, f"{type(exc).__name__}: {exc}") from exc
    qr = "data:image/png;base64," + base64.b64encode(card_qr_png(SAMPLE_QR_TOKEN, box_size=4)).decode()
    html = rendered.body_html.replace(f"cid:{QR_CID}", qr)
    return email_templates.RenderedEmail(rendered.subject, rendered.body_text, html, locale, 0)


def platform_default(session: Session, code: str, locale: str) -> EmailTemplate:
    row = session.exec(
        select(EmailTemplate).where(
            EmailTemplate.merchant_id.is_(None), EmailTemplate.code == code, EmailTemplate.locale == locale
        )
    ).first()
    if row is None:
        raise email_templates.TemplateMissing(code=code, locale=locale)
    return row


def list_overrides(session: Session, code: str | None = None) -> list[dict]:
    """Every merchant's own version of a template (of one code, or all), by merchant, code and language."""
    stmt = select(EmailTemplate, Merchant.name).join(Merchant, Merchant.id == EmailTemplate.merchant_id)
    if code:
        stmt = stmt.where(EmailTemplate.code == code)
    rows = session.exec(stmt.order_by(Merchant.name, EmailTemplate.code, EmailTemplate.locale)).all()
    return [
        {
            "id": row.id,
            "merchant_id": row.merchant_id,
            "merchant": name,
            "code": row.code,
            "locale": row.locale,
            "subject": row.subject,
            "updated_at": row.updated_at,
        }
        for row, name in rows
    ]


def get_override(session: Session, template_id: int) -> EmailTemplate:
    row = session.get(EmailTemplate, template_id)
    if row is None or row.merchant_id is None:
        raise email_templates.TemplateMissing()
    return row


def _require_admin(actor: Actor) -> None:
    if actor.role not in ("platform_admin", "system"):
        raise errors.PermissionDenied()


def save_default(
    session: Session, code: str, locale: str, subject: str, body_text: str, body_html: str, actor: Actor
) -> EmailTemplate:
    """Replace a platform default after a preview-grade check; the audit row keeps the old subject."""
    _require_admin(actor)
    preview(code, locale, subject, body_text, body_html)
    try:
        old = platform_default(session, code, locale).subject
    except email_templates.TemplateMissing:  # a default someone deleted comes back
        old = None
    row = email_templates.save_template(session, code, locale, subject, body_text, body_html)
    audit.record(
        session, actor, "email_template.save", row, {"subject": old}, {"subject": row.subject}, merchant_id=None
    )
    session.commit()
    return row


def send_test(
    session: Session, code: str, locale: str, recipient: str, subject: str, body_text: str, body_html: str, actor: Actor
) -> EmailLog:
    """Log the edited template rendered with sample data and hand it to the email job (same mailer, same log)."""
    _require_admin(actor)
    recipient = (recipient or "").strip().lower()
    if not _EMAIL.match(recipient) or len(recipient) > 254:
        raise errors.ValidationFailed({"recipient": "invalid_email"})
    rendered = preview(code, locale, subject, body_text, body_html)
    row = EmailLog(
        merchant_id=None,
        card_id=None,
        template_code=code,
        locale=locale,
        recipient=recipient,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        status="queued",
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "email_template.test", row, None, {"code": code, "locale": locale}, merchant_id=None)
    effects.emit(session, TemplateTestEmailRequested(row.id))
    session.commit()
    return row
