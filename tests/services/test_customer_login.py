import re
from datetime import timedelta

import pytest
from sqlmodel import select

from loyalty_app.demo import LUMIERE_STAFF
from loyalty_app.demo.accounts import get_user
from loyalty_app.models import CustomerSignInLink, EmailLog
from loyalty_app.services import errors
from loyalty_app.services.cards import customer_login, storefront
from loyalty_app.services.cards.customer_login import SignInLinkExpired, SignInLinkInvalid, SignInLinkUsed
from loyalty_app.services.events import SignInLinkRequested
from loyalty_app.services.staff import accounts

from .support import NOW, join

LINK = re.compile(r"https?://\S+/s/([a-z0-9-]+)/card\?login=(\S+)")


def _token(email: EmailLog) -> str:
    return LINK.search(email.body_text).group(2)


def _request(session, store="lumiere-centre", email="ada@example.com", locale="en", now=NOW):
    return customer_login.request_link(session, store, email, locale, now=now)


def test_a_member_gets_a_sign_in_email_in_the_language_they_read(session, demo, fired):
    join(session, "lumiere-centre", "ada@example.com", locale="en")
    email = _request(session, email=" Ada@Example.com ", locale="fr")
    assert (email.recipient, email.locale, email.template_code, email.status) == (
        "ada@example.com",
        "fr",
        "loyalty_sign_in_link",
        "queued",
    )
    assert email.subject == "Votre lien de connexion Café Lumière"
    assert "30 minutes" in email.body_text and "/s/lumiere-centre/card?login=" in email.body_text
    assert _token(email) in email.body_html
    assert SignInLinkRequested(email.id) in fired
    link = session.exec(select(CustomerSignInLink)).one()
    assert link.expires_at == NOW + timedelta(minutes=30) and link.consumed_at is None


def test_an_unknown_email_gets_nothing_and_the_caller_cannot_tell(session, demo, fired):
    assert _request(session, email="nobody@example.com") is None
    assert session.exec(select(EmailLog)).all() == [] and fired == []


def test_an_invalid_email_is_a_field_problem(session, demo):
    with pytest.raises(errors.ValidationFailed) as caught:
        _request(session, email="not-an-email")
    assert caught.value.fields == {"email": ["invalid_email"]}


def test_without_cross_location_a_store_only_serves_its_own_cards(session, demo):
    join(session, "atelier-ville", "ada@example.com")
    assert _request(session, store="atelier-kirchberg") is None
    assert _request(session, store="atelier-ville") is not None


def test_a_link_signs_in_once(session, demo):
    joined = join(session, "lumiere-centre", "ada@example.com")
    token = _token(_request(session))
    session_token = customer_login.redeem_link(session, "lumiere-centre", token, now=NOW + timedelta(minutes=5))
    assert customer_login.customer_from_session(session, session_token, now=NOW).id == joined.customer.id
    with pytest.raises(SignInLinkUsed):
        customer_login.redeem_link(session, "lumiere-centre", token, now=NOW + timedelta(minutes=6))


def test_a_link_expires_after_thirty_minutes(session, demo):
    join(session, "lumiere-centre", "ada@example.com")
    token = _token(_request(session))
    with pytest.raises(SignInLinkExpired):
        customer_login.redeem_link(session, "lumiere-centre", token, now=NOW + timedelta(minutes=30, seconds=1))
    assert session.exec(select(CustomerSignInLink)).one().consumed_at is None


def test_a_link_works_only_at_the_store_it_was_sent_for(session, demo):
    join(session, "lumiere-centre", "ada@example.com")
    token = _token(_request(session))
    with pytest.raises(SignInLinkInvalid):
        customer_login.redeem_link(session, "lumiere-gare", token, now=NOW)


def test_a_forged_or_foreign_token_is_refused(session, demo):
    join(session, "lumiere-centre", "ada@example.com")
    token = _token(_request(session))
    for bad in ("", "garbage", token[:-2] + ("AA" if not token.endswith("AA") else "BB")):
        with pytest.raises(SignInLinkInvalid):
            customer_login.redeem_link(session, "lumiere-centre", bad, now=NOW)
    staff_token = accounts.issue_token(get_user(session, LUMIERE_STAFF))
    with pytest.raises(SignInLinkInvalid):
        customer_login.redeem_link(session, "lumiere-centre", staff_token, now=NOW)
    assert customer_login.customer_from_session(session, staff_token) is None


def test_a_customer_session_is_never_a_staff_token(session, demo):
    joined = join(session, "lumiere-centre", "ada@example.com")
    customer_token = customer_login.issue_session(joined.customer)
    assert accounts.user_from_token(session, customer_token) is None


def test_a_session_ends_after_thirty_days(session, demo):
    joined = join(session, "lumiere-centre", "ada@example.com")
    token = customer_login.issue_session(joined.customer, NOW)
    assert customer_login.customer_from_session(session, token, now=NOW + timedelta(days=29)) is not None
    assert customer_login.customer_from_session(session, token, now=NOW + timedelta(days=30, seconds=1)) is None


def test_an_inbox_gets_at_most_five_links_an_hour(session, demo):
    join(session, "lumiere-centre", "ada@example.com")
    sent = [_request(session, now=NOW + timedelta(minutes=i)) for i in range(6)]
    assert [s is not None for s in sent] == [True] * 5 + [False]
    assert _request(session, now=NOW + timedelta(minutes=61)) is not None


def test_the_session_cookie_is_read_from_the_cookie_header():
    assert customer_login.session_token_from_cookie_header("lang=fr; loyalty_customer=abc.def") == "abc.def"
    assert customer_login.session_token_from_cookie_header("lang=fr") is None
    assert customer_login.session_token_from_cookie_header(None) is None


def _card_seen_at(session, store_code, token):
    front = storefront.storefront(session, store_code)
    return customer_login.signed_in_card(session, front.store, front.program, token, now=NOW)


def test_a_signed_in_customer_sees_their_own_card_at_their_merchants_stores(session, demo):
    joined = join(session, "lumiere-centre", "ada@example.com")
    token = customer_login.issue_session(joined.customer, NOW)
    seen = _card_seen_at(session, "lumiere-centre", token)
    assert (seen.customer.id, seen.card.id) == (joined.customer.id, joined.card.id)


def test_a_customer_session_opens_no_card_at_another_merchants_store(session, demo):
    join(session, "atelier-ville", "ada@example.com")
    lumiere = join(session, "lumiere-centre", "ada@example.com")
    token = customer_login.issue_session(lumiere.customer, NOW)
    assert _card_seen_at(session, "atelier-ville", token) is None
    assert _card_seen_at(session, "atelier-ville", None) is None


def test_a_signed_in_customer_without_a_card_here_is_told_so(session, demo):
    joined = join(session, "atelier-ville", "ada@example.com")
    token = customer_login.issue_session(joined.customer, NOW)
    seen = _card_seen_at(session, "atelier-kirchberg", token)
    assert seen is not None and seen.card is None
