"""The frame of every back-office page: title, who is signed in, language, sign out."""

import reflex as rx

from ..state.auth import AuthState
from .i18n import language_switcher, tr


def top_bar(title: rx.Var, *extra: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.heading(title, size="6", as_="h1"),
        rx.spacer(),
        *extra,
        rx.cond(AuthState.user_name != "", rx.text(AuthState.user_name, color_scheme="gray", size="2")),
        language_switcher(),
        rx.cond(
            AuthState.user_name != "",
            rx.button(
                tr("auth.sign_out"),
                on_click=AuthState.sign_out,
                variant="soft",
                size="3",
                min_height="44px",
                id="sign-out",
            ),
        ),
        align="center",
        width="100%",
        spacing="3",
        wrap="wrap",
        padding_y="0.5em",
    )


def scripts() -> rx.Component:
    return rx.script(src="/loyalty.js", async_=True)
