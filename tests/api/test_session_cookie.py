"""POST/DELETE /api/v1/auth/session: the browser session in an HttpOnly cookie."""

from loyalty_app.db import new_session
from loyalty_app.demo import ADMIN_EMAIL, DEMO_PASSWORD, LUMIERE_OWNER, LUMIERE_STAFF
from loyalty_app.services.staff import sessions


def test_signing_in_sets_an_httponly_session_cookie_that_names_the_user(client, db):
    r = client.post("/api/v1/auth/session", json={"email": LUMIERE_STAFF, "password": DEMO_PASSWORD})
    assert r.status_code == 204
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{sessions.SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http here; behind https (or X-Forwarded-Proto: https) it is Secure
    with new_session() as session:
        user = sessions.user_from_cookie_header(session, cookie.split(";")[0])
    assert user.email == LUMIERE_STAFF


def test_a_login_ticket_from_the_login_page_works_once_checked(client, db):
    ticket, _ = sessions.login_ticket(db, LUMIERE_OWNER, DEMO_PASSWORD)
    db.commit()
    r = client.post("/api/v1/auth/session", json={"ticket": ticket}, headers={"X-Forwarded-Proto": "https"})
    assert r.status_code == 204 and "Secure" in r.headers["set-cookie"]
    assert (
        client.post("/api/v1/auth/session", json={"ticket": ticket + "x"}).json()["error"]["code"]
        == "INVALID_CREDENTIALS"
    )


def test_wrong_credentials_or_an_empty_body_set_no_cookie(client, db):
    r = client.post("/api/v1/auth/session", json={"email": LUMIERE_STAFF, "password": "nope"})
    assert r.status_code == 401 and "set-cookie" not in r.headers
    assert client.post("/api/v1/auth/session", json={}).status_code == 422


def test_signing_out_clears_the_cookie(client, db):
    client.post("/api/v1/auth/session", json={"email": ADMIN_EMAIL, "password": DEMO_PASSWORD})
    r = client.delete("/api/v1/auth/session")
    assert r.status_code == 204
    cleared = r.headers["set-cookie"]
    assert cleared.startswith(f'{sessions.SESSION_COOKIE}=""') and "Max-Age=0" in cleared
