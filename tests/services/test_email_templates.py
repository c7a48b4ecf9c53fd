"""Email templates: 7 codes x 4 languages seeded, merchant override first, sandboxed and autoescaped."""

import pytest
import sqlalchemy as sa
from jinja2.exceptions import SecurityError
from sqlmodel import Session, select

from loyalty_app.cli import migrate
from loyalty_app.db import make_engine
from loyalty_app.models import EmailTemplate
from loyalty_app.services import errors
from loyalty_app.services.email.defaults import CODES, LOCALES, all_defaults
from loyalty_app.services.email.templates import (
    TemplateMissing,
    ensure_platform_defaults,
    find_template,
    render,
    save_template,
)

CONTEXT = dict(
    first_name="Ada",
    merchant_name="Café Lumière",
    card_name="Café Lumière",
    card_color="#8B5A2B",
    card_number="1234 5678 9012",
    loyalty_type="stamps",
    points_balance="1,250",
    stamp_count=10,
    stamps_target=10,
    stamps_missing=0,
    reward="Free coffee",
    card_url="https://x.test/s/c/card",
    qr_cid="card-qr",
    google_wallet_url=None,
    apple_wallet_url=None,
    welcome_points="50",
    expiry_date="29 June 2026",
    expiry_days=365,
    points_expired="80",
    expired_on="15 June 2026",
    last_visit="1 March 2026",
)


def test_the_migration_seeds_every_code_in_every_language(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    migrate(str(engine.url))
    with Session(engine) as s:
        rows = s.exec(select(EmailTemplate.code, EmailTemplate.locale).where(EmailTemplate.merchant_id.is_(None)))
        assert sorted(rows.all()) == sorted((c, loc) for c in CODES for loc in LOCALES)
    engine.dispose()


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_default_renders_with_its_variables_filled(code, locale):
    row = next(r for r in all_defaults() if (r["code"], r["locale"]) == (code, locale))

    out = render(EmailTemplate(id=1, merchant_id=None, **row), CONTEXT)
    assert out.subject and "{{" not in out.subject + out.body_text + out.body_html
    assert "Ada" in out.body_text and "Café Lumière" in out.body_html
    assert out.body_html.startswith("<!DOCTYPE html>") and f'lang="{locale}"' in out.body_html


def test_the_translations_differ_per_language():
    subjects = {r["locale"]: r["subject"] for r in all_defaults() if r["code"] == "loyalty_welcome_bonus"}
    assert len(set(subjects.values())) == 4


def test_a_merchant_override_wins_over_the_platform_default(session, demo):
    ensure_platform_defaults(session)
    atelier = demo["merchants"]["atelier"].id
    save_template(
        session,
        "loyalty_birthday",
        "de",
        "Alles Gute von {{ merchant_name }}",
        "Hallo {{ first_name }}",
        "<p>Hallo {{ first_name }}</p>",
        merchant_id=atelier,
    )
    lumiere = demo["merchants"]["lumiere"].id
    found = [find_template(session, "loyalty_birthday", "de", m) for m in (atelier, lumiere)]
    subjects = [render(t, CONTEXT).subject for t in found]
    assert subjects == ["Alles Gute von Café Lumière", "Alles Gute zum Geburtstag, Ada!"]


def test_a_missing_language_falls_back_to_english_and_a_missing_code_is_an_error(session, demo):
    ensure_platform_defaults(session)
    session.execute(
        sa.delete(EmailTemplate).where(EmailTemplate.code == "loyalty_birthday", EmailTemplate.locale == "lb")
    )
    assert find_template(session, "loyalty_birthday", "lb", None).locale == "en"
    session.execute(sa.delete(EmailTemplate).where(EmailTemplate.code == "loyalty_birthday"))
    with pytest.raises(TemplateMissing):
        find_template(session, "loyalty_birthday", "de", None)
    assert ensure_platform_defaults(session) == 4


def test_values_are_escaped_in_html_but_not_in_the_plain_text(session, demo):
    ensure_platform_defaults(session)
    out = render(find_template(session, "loyalty_birthday", "en", None), {**CONTEXT, "first_name": "<b>Ada</b> & co"})
    assert "&lt;b&gt;Ada&lt;/b&gt; &amp; co" in out.body_html and "<b>Ada</b>" not in out.body_html
    assert "Hello <b>Ada</b> & co," in out.body_text


def test_templates_run_in_a_sandbox(session, demo):
    atelier = demo["merchants"]["atelier"].id
    save_template(
        session,
        "loyalty_birthday",
        "en",
        "{{ merchant_name.__class__.__mro__ }}x",
        "t",
        "<p>h</p>",
        merchant_id=atelier,
    )
    with pytest.raises(SecurityError, match="unsafe"):
        render(find_template(session, "loyalty_birthday", "en", atelier), CONTEXT)


def test_an_invalid_template_is_refused_when_saved(session, demo):
    with pytest.raises(errors.ValidationFailed) as refused:
        save_template(session, "loyalty_birthday", "en", "Hi {{ first_name", "", "<p>{% if %}</p>")
    assert refused.value.fields == {
        "subject": ["invalid_template"],
        "body_text": ["required"],
        "body_html": ["invalid_template"],
    }
