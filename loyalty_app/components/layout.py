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


def nav_link(key: str, path: str, icon: str, href: rx.Var | str, element_id: str) -> rx.Component:
    """One entry of a console's navigation, highlighted on its own page."""
    return rx.link(
        rx.hstack(rx.icon(icon, size=18), rx.text(tr(key), size="3"), align="center", spacing="2"),
        href=href,
        underline="none",
        padding="0.4em 0.6em",
        border_radius="var(--radius-3)",
        id=element_id,
        width="100%",
        background=rx.cond(rx.State.router.url.path == path, rx.color("accent", 4), "transparent"),
    )


def nav_menu(links: list[rx.Component], label_key: str) -> rx.Component:
    return rx.vstack(*links, spacing="1", width="100%", as_="nav", aria_label=tr(label_key))


def refused(area: str, element_id: str, **props) -> rx.Component:
    """What a visitor who may not use a console sees: why, and a way to sign in as someone else."""
    return rx.callout.root(
        rx.callout.icon(rx.icon("shield_x")),
        rx.callout.text(rx.heading(tr(f"{area}.denied.title"), size="5", as_="h2")),
        rx.callout.text(tr(f"{area}.denied.body")),
        rx.hstack(
            rx.button(tr("auth.switch_user"), on_click=AuthState.switch_user, size="3"),
            rx.link(rx.button(tr("nav.home"), variant="soft", size="3"), href="/"),
            spacing="3",
        ),
        color_scheme="red",
        size="3",
        id=element_id,
        **props,
    )


def with_nav(nav: rx.Component, title_key: str, *content: rx.Component, above_title=()) -> rx.Component:
    """The navigation on the left, the page's title and content on the right (`above_title`: e.g. a banner)."""
    return rx.grid(
        rx.box(nav, padding_top="0.5em"),
        rx.vstack(
            *above_title,
            rx.heading(tr(title_key), size="6", as_="h2", id="page-title"),
            *content,
            spacing="4",
            width="100%",
            min_width="0",
        ),
        columns="13em 1fr",
        spacing="5",
        width="100%",
    )


def loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), padding="3em")
