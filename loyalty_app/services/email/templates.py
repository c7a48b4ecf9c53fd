"""Email templates: merchant override first, then the platform default; sandboxed, autoescaping Jinja."""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import sqlalchemy as sa
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from sqlmodel import Session, select

from loyalty_app.models import EmailTemplate
from loyalty_app.services import errors
from loyalty_app.services.context import clock
from loyalty_app.services.email.defaults import CODES, LOCALES, all_defaults

FALLBACK_LOCALE = "en"
_BLANK_LINES = re.compile(r"\n{3,}")

# Two environments: HTML escapes every value; subject and text are plain text and must not.
_html_env = SandboxedEnvironment(autoescape=True, trim_blocks=False)
_text_env = SandboxedEnvironment(autoescape=False)


class TemplateMissing(errors.NotFound):
    code = "EMAIL_TEMPLATE_NOT_FOUND"
    message = "No email template for this code and language."


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str
    locale: str
    template_id: int


@lru_cache(maxsize=512)
def _compile(source: str, html: bool):
    return (_html_env if html else _text_env).from_string(source)


def find_template(session: Session, code: str, locale: str, merchant_id: int | None) -> EmailTemplate:
    """The merchant's override in the locale, else the platform default, else the same in English."""
    candidates = session.exec(
        select(EmailTemplate).where(
            EmailTemplate.code == code,
            EmailTemplate.locale.in_({locale, FALLBACK_LOCALE}),
            sa.or_(EmailTemplate.merchant_id.is_(None), EmailTemplate.merchant_id == merchant_id)
            if merchant_id is not None
            else EmailTemplate.merchant_id.is_(None),
        )
    ).all()

    def rank(t: EmailTemplate) -> tuple[int, int]:
        return (0 if t.locale == locale else 1, 0 if t.merchant_id is not None else 1)

    if not candidates:
        raise TemplateMissing(code=code, locale=locale)
    return min(candidates, key=rank)


def render(template: EmailTemplate, context: dict) -> RenderedEmail:
    """Render subject, text and HTML; raises jinja2.TemplateError on a broken template."""
    subject = " ".join(_compile(template.subject, False).render(context).split())
    ctx = {**context, "subject": subject}
    text = _BLANK_LINES.sub("\n\n", _compile(template.body_text, False).render(ctx)).strip() + "\n"
    html = _compile(template.body_html, True).render(ctx)
    return RenderedEmail(
        subject=subject[:300], body_text=text, body_html=html, locale=template.locale, template_id=template.id
    )


def validate_sources(subject: str, body_text: str, body_html: str) -> dict[str, str]:
    """Per-field problems of an edited template: empty, too long, or not valid Jinja."""
    problems = {}
    for field, source, html in (
        ("subject", subject, False),
        ("body_text", body_text, False),
        ("body_html", body_html, True),
    ):
        if not (source or "").strip():
            problems[field] = "required"
            continue
        try:
            (_html_env if html else _text_env).parse(source)
        except TemplateError:
            problems[field] = "invalid_template"
    if len(subject or "") > 300:
        problems["subject"] = "too_long"
    return problems


def save_template(
    session: Session,
    code: str,
    locale: str,
    subject: str,
    body_text: str,
    body_html: str,
    merchant_id: int | None = None,
    now: datetime | None = None,
) -> EmailTemplate:
    """Create or replace a merchant override (merchant_id set) or a platform default (None)."""
    problems = validate_sources(subject, body_text, body_html)
    if code not in CODES:
        problems["code"] = "invalid_choice"
    if locale not in LOCALES:
        problems["locale"] = "invalid_choice"
    if problems:
        raise errors.ValidationFailed(problems)
    row = session.exec(
        select(EmailTemplate).where(
            EmailTemplate.code == code,
            EmailTemplate.locale == locale,
            EmailTemplate.merchant_id.is_(None) if merchant_id is None else EmailTemplate.merchant_id == merchant_id,
        )
    ).first() or EmailTemplate(
        code=code, locale=locale, merchant_id=merchant_id, subject="", body_text="", body_html=""
    )
    row.subject, row.body_text, row.body_html, row.updated_at = subject, body_text, body_html, clock(now)
    session.add(row)
    session.commit()
    return row


def ensure_platform_defaults(session: Session, now: datetime | None = None) -> int:
    """Insert any missing platform default (the migration seeds them; this restores deleted ones)."""
    have = set(
        session.exec(select(EmailTemplate.code, EmailTemplate.locale).where(EmailTemplate.merchant_id.is_(None))).all()
    )
    missing = [row for row in all_defaults() if (row["code"], row["locale"]) not in have]
    for row in missing:
        session.add(EmailTemplate(merchant_id=None, updated_at=clock(now), **row))
    session.commit()
    return len(missing)
