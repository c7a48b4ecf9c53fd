"""Browser sessions: a one-minute login ticket traded for the session token, the cookie read back."""

from datetime import timedelta

import pytest

from loyalty_app.demo import ADMIN_EMAIL, DEMO_PASSWORD, LUMIERE_OWNER, LUMIERE_STAFF
from loyalty_app.models import utcnow
from loyalty_app.services import errors
from loyalty_app.services.staff import accounts, sessions


def test_a_ticket_opens_a_session_for_its_user_and_says_where_staff_land(session, demo):
    ticket, landing = sessions.login_ticket(session, "Staff.Lumiere@example.com", DEMO_PASSWORD)
    assert landing == "/store/lumiere-centre/terminal"
    token = sessions.open_session(session, ticket=ticket)
    user = sessions.user_from_cookie_header(session, f"lang=fr; {sessions.SESSION_COOKIE}={token}")
    assert user.email == LUMIERE_STAFF
    assert sessions.login_ticket(session, LUMIERE_OWNER, DEMO_PASSWORD)[1] == "/merchant"
    assert sessions.login_ticket(session, ADMIN_EMAIL, DEMO_PASSWORD)[1] == "/admin"


def test_a_wrong_password_gets_no_ticket(session, demo):
    with pytest.raises(errors.InvalidCredentials):
        sessions.login_ticket(session, LUMIERE_STAFF, "nope")


def test_an_expired_forged_or_misused_ticket_opens_nothing(session, demo):
    ticket, _ = sessions.login_ticket(session, ADMIN_EMAIL, DEMO_PASSWORD, now=utcnow() - timedelta(minutes=2))
    user = accounts.authenticate(session, ADMIN_EMAIL, DEMO_PASSWORD)
    for bad in (ticket, ticket[:-2] + "xx", accounts.issue_token(user)):  # a session token is not a ticket
        with pytest.raises(errors.InvalidCredentials):
            sessions.open_session(session, ticket=bad)


def test_no_cookie_or_a_bad_one_is_nobody(session, demo):
    for header in (None, "", "lang=en", f"{sessions.SESSION_COOKIE}=garbage", 'weird="'):
        assert sessions.user_from_cookie_header(session, header) is None


@pytest.mark.parametrize(
    ("path", "safe"),
    [
        ("/store/lumiere-centre/terminal", True),
        ("/", True),
        ("//evil.example", False),
        ("https://evil.example", False),
        ("/\\evil.example", False),
        ("", False),
        (None, False),
    ],
)
def test_only_paths_on_this_site_are_followed_after_login(path, safe):
    assert sessions.safe_next(path) == (path if safe else None)
