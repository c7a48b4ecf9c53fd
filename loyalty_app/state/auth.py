"""The signed-in back-office user, read from the HttpOnly session cookie sent with the websocket."""

import json

import reflex as rx

from loyalty_app.services.context import Actor
from loyalty_app.services.staff import accounts, sessions

from ..db import new_session
from ..models import User


class AuthState(rx.State):
    user_name: str = ""
    user_email: str = ""

    def _user(self) -> User | None:
        """Blocking (JWT check and one query): call through rx.run_in_thread."""
        with new_session() as session:
            return sessions.user_from_cookie_header(session, self.router.headers.cookie)

    def _actor(self, user: User) -> Actor:
        return accounts.actor_for(
            user, ip_address=self.router.session.client_ip or None, user_agent=self.router.headers.user_agent or None
        )

    async def _current_actor(self) -> Actor | None:
        """Re-checked on every action: an expired or deactivated account stops acting at once."""
        user = await rx.run_in_thread(self._user)
        if user is None:
            self.user_name = self.user_email = ""
            return None
        self.user_name, self.user_email = user.full_name or user.email, user.email
        return self._actor(user)

    @rx.event
    def sign_out(self):
        self.user_name = self.user_email = ""
        return rx.call_script("window.loyaltySession.close()")

    @rx.event
    def switch_user(self):
        """Sign out and come back here as someone else (from a page this account may not open)."""
        self.user_name = self.user_email = ""
        return rx.call_script(f"window.loyaltySession.close({json.dumps(self.router.url.path)})")
