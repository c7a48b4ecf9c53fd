"""`/login` for back-office users; afterwards, back to the page they were going to."""

import json

import reflex as rx

from loyalty_app.services import errors, rate_limits
from loyalty_app.services.staff import sessions

from ..components.failure import error_message
from ..components.i18n import tr
from ..components.layout import scripts, top_bar
from ..db import new_session
from ..i18n import t
from ..state.auth import AuthState
from ..state.i18n import I18nState


def _ticket(email: str, password: str, ip: str) -> tuple[str, str]:
    rate_limits.hit("login", f"ip:{ip}")
    with new_session() as session:
        return sessions.login_ticket(session, email, password)


class LoginState(rx.State):
    error: str = ""

    def _next(self) -> str | None:
        return sessions.safe_next(self.router.url.query_parameters.get("next"))

    @rx.event
    async def on_load(self):
        self.error = ""
        auth = await self.get_state(AuthState)
        if await auth._current_actor() is not None and self._next():
            return rx.redirect(self._next())

    @rx.event
    async def submit(self, form: dict):
        locale = (await self.get_state(I18nState)).locale
        email, password = str(form.get("email") or ""), str(form.get("password") or "")
        try:
            ip = self.router.session.client_ip
            ticket, landing = await rx.run_in_thread(lambda: _ticket(email, password, ip))
        except errors.DomainError as exc:
            self.error = error_message(exc, locale)
            return
        self.error = ""
        target = json.dumps(self._next() or landing)
        return rx.call_script(f"window.loyaltySession.open({json.dumps(ticket)}, {target})", callback=LoginState.opened)

    @rx.event
    async def opened(self, ok: bool):
        if not ok:
            self.error = t("login.unavailable", (await self.get_state(I18nState)).locale)


def _field(label_key: str, **props) -> rx.Component:
    return rx.vstack(
        rx.el.label(tr(label_key), html_for=props["id"]),
        rx.input(size="3", width="100%", required=True, **props),
        spacing="1",
        width="100%",
    )


def login_page() -> rx.Component:
    return rx.container(
        scripts(),
        top_bar(tr("app.name")),
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(tr("login.title"), size="5", as_="h2"),
                    _field(
                        "login.email",
                        id="login-email",
                        name="email",
                        type="email",
                        auto_complete="username",
                        auto_focus=True,
                    ),
                    _field(
                        "login.password",
                        id="login-password",
                        name="password",
                        type="password",
                        auto_complete="current-password",
                    ),
                    rx.box(
                        rx.cond(LoginState.error != "", rx.callout(LoginState.error, color_scheme="red", icon="lock")),
                        aria_live="assertive",
                        role="alert",
                        width="100%",
                    ),
                    rx.button(
                        tr("login.submit"), type="submit", size="3", width="100%", min_height="44px", id="login-submit"
                    ),
                    spacing="4",
                ),
                on_submit=LoginState.submit,
            ),
            max_width="28em",
            margin_x="auto",
            margin_top="2em",
        ),
        size="3",
    )
