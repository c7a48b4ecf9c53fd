"""The template editor: previews with sample data, overrides, saving with an audit row, the test email."""

import pytest
from sqlmodel import select

from loyalty_app.models import AuditLog, EmailLog
from loyalty_app.services import errors
from loyalty_app.services.email import preview as email_preview
from loyalty_app.services.email import templates as email_templates
from loyalty_app.services.email.defaults import CODES, LOCALES, build
from loyalty_app.services.events import TemplateTestEmailRequested


@pytest.mark.parametrize("code", CODES)
def test_every_default_previews_in_every_language_with_the_qr_inline(code):
    for locale in LOCALES:
        src = build(code, locale)
        out = email_preview.preview(code, locale, src["subject"], src["body_text"], src["body_html"])
        assert out.subject and "{{" not in out.subject and "Ada" in out.body_text
        assert "cid:" not in out.body_html
        if code == "loyalty_enrollment":
            assert "data:image/png;base64," in out.body_html


def test_a_broken_template_is_refused_field_by_field():
    with pytest.raises(errors.ValidationFailed) as refused:
        email_preview.preview("loyalty_birthday", "en", "Hi {{ first_name", "", "<p>{% if %}</p>")
    assert refused.value.fields == {
        "subject": ["invalid_template"],
        "body_text": ["required"],
        "body_html": ["invalid_template"],
    }
    with pytest.raises(errors.ValidationFailed) as refused:
        email_preview.preview("loyalty_birthday", "xx", "Hi", "Hi", "{{ ''.__class__.__mro__ }}")
    assert refused.value.fields == {"locale": ["invalid_choice"]}
    with pytest.raises(errors.ValidationFailed) as refused:
        email_preview.preview("loyalty_birthday", "en", "Hi", "Hi", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    assert refused.value.fields == {"template": ["render_failed"]}
    with pytest.raises(errors.ValidationFailed) as refused:
        email_preview.preview("loyalty_birthday", "en", "Hi", "Hi", "<p>{{ first_name|nosuchfilter }}</p>")
    assert refused.value.fields == {"template": ["render_failed"]}


def test_html_values_are_escaped_in_the_preview():
    out = email_preview.preview("loyalty_birthday", "en", "Hi", "Hi {{ first_name }}", "<p>{{ '<b>' }}</p>")
    assert "&lt;b&gt;" in out.body_html


def test_saving_a_default_changes_what_is_sent_and_writes_an_audit_row(session, demo, actors):
    admin = actors["admin"]
    email_templates.ensure_platform_defaults(session)
    src = build("loyalty_birthday", "fr")
    email_preview.save_default(
        session,
        "loyalty_birthday",
        "fr",
        "Joyeux anniversaire {{ first_name }} !",
        src["body_text"],
        src["body_html"],
        admin,
    )
    row = email_templates.find_template(session, "loyalty_birthday", "fr", None)
    assert row.subject == "Joyeux anniversaire {{ first_name }} !"
    audit = session.exec(select(AuditLog).where(AuditLog.action == "email_template.save")).one()
    assert audit.old_values == {"subject": src["subject"]} and audit.actor_user_id == admin.user_id
    with pytest.raises(errors.PermissionDenied):
        email_preview.save_default(session, "loyalty_birthday", "fr", "x", "x", "x", actors["atelier_owner"])


def test_overrides_are_listed_by_merchant(session, demo):
    atelier = demo["merchants"]["atelier"].id
    email_templates.save_template(
        session, "loyalty_birthday", "de", "Alles Gute!", "Text", "<p>Html</p>", merchant_id=atelier
    )
    [override] = email_preview.list_overrides(session)
    assert (override["merchant"], override["code"], override["locale"]) == ("Mode Atelier", "loyalty_birthday", "de")
    assert email_preview.list_overrides(session, "loyalty_enrollment") == []
    assert email_preview.get_override(session, override["id"]).subject == "Alles Gute!"


def test_a_test_email_is_logged_and_handed_to_the_email_job(session, demo, actors, fired):
    src = build("loyalty_enrollment", "de")
    row = email_preview.send_test(
        session,
        "loyalty_enrollment",
        "de",
        " Ops@Example.com ",
        src["subject"],
        src["body_text"],
        src["body_html"],
        actors["admin"],
    )
    logged = session.get(EmailLog, row.id)
    assert (logged.recipient, logged.status, logged.merchant_id, logged.card_id) == (
        "ops@example.com",
        "queued",
        None,
        None,
    )
    assert "Ada" in logged.body_text
    assert fired == [TemplateTestEmailRequested(row.id)]
    with pytest.raises(errors.ValidationFailed):
        email_preview.send_test(
            session,
            "loyalty_enrollment",
            "de",
            "not-an-address",
            src["subject"],
            src["body_text"],
            src["body_html"],
            actors["admin"],
        )
