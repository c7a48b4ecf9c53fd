"""`/s/{store_code}/join`: the program as the merchant branded it, the form, then the card."""

import reflex as rx

from ...components.i18n import tr
from .join_form import join_form
from .join_state import JoinState
from .store_state import StoreState
from .success import success_view
from .widgets import brand, frame, section


def _reward_line(line) -> rx.Component:
    return rx.hstack(
        rx.icon("gift", size=18, color=rx.color("accent", 11), aria_hidden="true"),
        rx.text(line.name, weight="medium"),
        rx.spacer(),
        rx.text(tr("storefront.rewards.cost", points=line.cost), color_scheme="gray"),
        width="100%",
        align="center",
        role="listitem",
    )


def _earning(icon: str, *body: rx.Component) -> rx.Component:
    """One way to earn: its icon, then what the customer gets."""
    return rx.hstack(rx.icon(icon, size=22, color=rx.color("accent", 11), aria_hidden="true"), *body, align="start")


def _points() -> rx.Component:
    return rx.vstack(
        rx.text(tr("storefront.earn.points", rate=StoreState.rate_text)),
        rx.cond(
            StoreState.minimum_text != "",
            rx.text(tr("storefront.earn.minimum", minimum=StoreState.minimum_text), size="2", color_scheme="gray"),
        ),
        spacing="1",
    )


def _rewards() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("storefront.rewards.heading"), as_="h3", size="3"),
        rx.vstack(rx.foreach(StoreState.reward_lines, _reward_line), role="list", width="100%", spacing="2"),
        width="100%",
        spacing="2",
    )


def _locations() -> rx.Component:
    return rx.cond(
        brand.cross_location,
        rx.box(
            rx.text(tr("storefront.locations.everywhere"), size="2", color_scheme="gray"),
            rx.el.ul(
                rx.foreach(brand.locations, lambda name: rx.el.li(name)),
                class_name="sf-hint",
                padding_left="1.2em",
                margin="0.25em 0 0",
            ),
        ),
        rx.text(tr("storefront.locations.per_store", store=brand.store_name), size="2", color_scheme="gray"),
    )


def what_you_earn() -> rx.Component:
    stamps = tr("storefront.earn.stamps", target=brand.stamps_target, reward=brand.stamps_reward)
    welcome = tr("storefront.earn.welcome", points=StoreState.welcome_text)
    return section(
        rx.heading(tr("storefront.earn.heading"), as_="h2", size="5"),
        rx.vstack(
            rx.cond(StoreState.has_stamps, _earning("stamp", rx.text(stamps))),
            rx.cond(StoreState.has_points, _earning("coins", _points())),
            rx.cond(StoreState.welcome_text != "", _earning("sparkles", rx.text(welcome, weight="medium"))),
            rx.cond(StoreState.reward_lines.length() > 0, _rewards()),
            _locations(),
            spacing="3",
            margin_top="0.75em",
            width="100%",
        ),
    )


def join_page() -> rx.Component:
    return frame(
        rx.cond(
            JoinState.done,
            success_view(),
            rx.fragment(
                what_you_earn(),
                section(join_form()),
                rx.text(
                    tr("storefront.join.member"),
                    " ",
                    rx.link(
                        tr("storefront.join.see_card"),
                        href=f"/s/{brand.store_code}/card",
                        id="to-card",
                        underline="always",
                    ),
                    text_align="center",
                    width="100%",
                ),
            ),
        ),
        switch_handlers=(JoinState.relocalize,),
    )


def store_root_page() -> rx.Component:
    return frame()
