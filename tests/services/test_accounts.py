from datetime import timedelta

import jwt
import pytest
from sqlmodel import select

from loyalty_app.demo import ADMIN_EMAIL, ATELIER_OWNER, DEMO_PASSWORD, LUMIERE_OWNER, LUMIERE_STAFF
from loyalty_app.demo.accounts import get_user
from loyalty_app.models import User, utcnow
from loyalty_app.services import errors
from loyalty_app.services.staff import accounts
from loyalty_app.settings import get_settings

pytestmark = pytest.mark.quick_setup


def test_create_user_stores_a_lower_cased_email_and_a_password_hash(session, demo):
    user = accounts.create_user(
        session,
        "  New.Owner@Example.COM ",
        "long enough",
        "merchant_owner",
        merchant_id=demo["merchants"]["lumiere"].id,
        full_name="New Owner",
    )
    assert user.email == "new.owner@example.com"
    assert user.password_hash != "long enough" and user.password_hash.startswith("$2")
    assert accounts.authenticate(session, "new.owner@example.com", "long enough").id == user.id


def test_create_user_validates_email_password_and_role(session):
    for email, password, role, problems in (
        ("no-at-sign", "long enough", "platform_admin", {"email": ["invalid_email"]}),
        ("a@example.com", "short", "platform_admin", {"password": ["too_short"]}),
        ("a@example.com", None, "platform_admin", {"password": ["too_short"]}),
        ("a@example.com", "long enough", "superuser", {"role": ["invalid_choice"]}),
        ("", "", "", {"email": ["invalid_email"], "password": ["too_short"], "role": ["invalid_choice"]}),
    ):
        with pytest.raises(errors.ValidationFailed) as caught:
            accounts.create_user(session, email, password, role)
        assert caught.value.fields == problems, (email, password, role)
    assert session.exec(select(User)).all() == []


def test_create_user_needs_the_merchant_and_store_of_the_role(session, demo):
    with pytest.raises(errors.ValidationFailed) as caught:
        accounts.create_user(session, "owner@example.com", "long enough", "merchant_owner")
    assert caught.value.fields == {"merchant_id": ["required"]}
    with pytest.raises(errors.ValidationFailed) as caught:
        accounts.create_user(
            session, "staff@example.com", "long enough", "store_staff", merchant_id=demo["merchants"]["lumiere"].id
        )
    assert caught.value.fields == {"store_id": ["required"]}
    staff = accounts.create_user(
        session,
        "staff@example.com",
        "long enough",
        "store_staff",
        merchant_id=demo["merchants"]["lumiere"].id,
        store_id=demo["stores"]["lumiere-gare"].id,
    )
    assert staff.store_id == demo["stores"]["lumiere-gare"].id


def test_email_has_one_account_whatever_its_case(session, demo):
    with pytest.raises(errors.AlreadyExists) as caught:
        accounts.create_user(session, "ADMIN@example.com", "long enough", "platform_admin")
    assert caught.value.details == {"field": "email"}


def test_authenticate_accepts_the_email_in_any_case(session, demo):
    user = accounts.authenticate(session, "  Owner.Lumiere@Example.com ", DEMO_PASSWORD)
    assert (user.role, user.merchant_id) == ("merchant_owner", demo["merchants"]["lumiere"].id)


def test_authenticate_refuses_a_wrong_password_or_unknown_email_alike(session, demo):
    for email, password in (
        (LUMIERE_OWNER, "wrong-password"),
        (LUMIERE_OWNER, ""),
        (LUMIERE_OWNER, None),
        ("nobody@example.com", DEMO_PASSWORD),
        (None, None),
    ):
        with pytest.raises(errors.InvalidCredentials) as caught:
            accounts.authenticate(session, email, password)
        assert caught.value.text == "Wrong email or password.", email


def test_deactivated_account_cannot_sign_in_or_use_its_token(session, demo):
    user = get_user(session, LUMIERE_STAFF)
    token = accounts.issue_token(user)
    user.is_active = False
    session.add(user)
    session.commit()
    with pytest.raises(errors.InvalidCredentials):
        accounts.authenticate(session, LUMIERE_STAFF, DEMO_PASSWORD)
    assert accounts.user_from_token(session, token) is None


def test_token_names_the_user_until_it_expires(session, demo):
    user = get_user(session, ATELIER_OWNER)
    token = accounts.issue_token(user)
    assert accounts.user_from_token(session, token).id == user.id
    claims = jwt.decode(token, get_settings().secret_key, algorithms=["HS256"])
    assert claims["sub"] == str(user.id) and claims["role"] == "merchant_owner"
    assert claims["exp"] - claims["iat"] == get_settings().access_token_minutes * 60
    assert "act" not in claims


def test_expired_token_is_refused(session, demo):
    user = get_user(session, ATELIER_OWNER)
    old = accounts.issue_token(user, now=utcnow() - timedelta(minutes=get_settings().access_token_minutes + 1))
    assert accounts.user_from_token(session, old) is None


def test_token_of_an_admin_acting_for_a_merchant_carries_the_admin(session, demo):
    admin = get_user(session, ADMIN_EMAIL)
    owner = get_user(session, LUMIERE_OWNER)
    token = accounts.issue_token(owner, acting_admin_id=admin.id)
    assert jwt.decode(token, get_settings().secret_key, algorithms=["HS256"])["act"] == admin.id


def test_forged_or_malformed_tokens_are_refused(session, demo):
    user = get_user(session, ADMIN_EMAIL)
    key = get_settings().secret_key
    exp = int((utcnow() + timedelta(hours=1)).timestamp())
    forged = {
        "tampered": accounts.issue_token(user)[:-2] + "xx",
        "other key": jwt.encode({"sub": str(user.id), "exp": exp}, "another-secret-key-of-enough-length-0123456789"),
        "no expiry": jwt.encode({"sub": str(user.id)}, key),
        "none alg": jwt.encode({"sub": str(user.id), "exp": exp}, None, algorithm="none"),
        "garbage": "not.a.token",
        "bad subject": jwt.encode({"sub": "admin", "exp": exp}, key),
        "unknown user": jwt.encode({"sub": "999999", "exp": exp}, key),
    }
    assert {name: accounts.user_from_token(session, token) for name, token in forged.items()} == dict.fromkeys(forged)


def test_actor_for_copies_the_scope_of_the_account(session, demo):
    user = get_user(session, LUMIERE_STAFF)
    actor = accounts.actor_for(user, ip_address="198.51.100.1", user_agent="Terminal", acting_admin_id=None)
    assert (actor.user_id, actor.role, actor.merchant_id, actor.store_id) == (
        user.id,
        "store_staff",
        demo["merchants"]["lumiere"].id,
        demo["stores"]["lumiere-centre"].id,
    )
    assert (actor.ip_address, actor.user_agent, actor.acting_admin_id) == ("198.51.100.1", "Terminal", None)
    assert isinstance(user, User)


def test_a_login_ticket_is_not_accepted_as_an_access_token(session, demo):
    from loyalty_app.services.staff import accounts, sessions

    ticket, _ = sessions.login_ticket(session, LUMIERE_OWNER, DEMO_PASSWORD)
    assert accounts.user_from_token(session, ticket) is None
    user = accounts.authenticate(session, LUMIERE_OWNER, DEMO_PASSWORD)
    assert accounts.user_from_token(session, accounts.issue_token(user)).id == user.id
