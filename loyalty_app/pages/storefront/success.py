"""After joining: the new card (number, QR, progress, next reward, wallets), or 'you are already a member'."""

import reflex as rx

from ...components.i18n import tr
from .card_view import NextLine
from .join_state import JoinState
from .widgets import brand, section, stamp_dots, touch_button, tr_key

card = JoinState.card


def next_line(line: NextLine) -> rx.Component:
    return rx.hstack(
        rx.icon("gift", size=20, color=rx.color("accent", 11), aria_hidden="true"),
        rx.text(tr_key(line.key, reward=line.reward, count=line.count), weight="medium"),
        align="start",
        class_name="sf-next",
    )


def progress(view) -> rx.Component:
    """Stamps drawn and said, and/or the points balance, then what comes next."""
    return rx.vstack(
        rx.cond(
            view.loyalty_type != "points",
            rx.vstack(
                stamp_dots(view.dots),
                rx.text(
                    tr("storefront.progress.stamps", count=view.stamp_count, target=view.stamps_target),
                    size="5",
                    weight="bold",
                    id="stamp-progress",
                ),
                spacing="2",
            ),
        ),
        rx.cond(
            view.loyalty_type != "stamps",
            rx.text(
                tr("storefront.progress.points", points=view.points_text), size="6", weight="bold", id="points-balance"
            ),
        ),
        rx.foreach(view.next, next_line),
        spacing="3",
        width="100%",
    )


def card_face(view) -> rx.Component:
    """The QR the staff scan and the number they can type."""
    return rx.vstack(
        rx.image(
            src=view.qr_src,
            alt=tr("storefront.success.qr_alt", number=view.card_number),
            class_name="sf-qr",
            id="card-qr",
        ),
        rx.text(tr("storefront.success.card_number"), size="2", color_scheme="gray"),
        rx.text(
            view.card_number,
            size="6",
            weight="bold",
            font_family="ui-monospace, monospace",
            id="card-number",
            letter_spacing="0.06em",
        ),
        align="center",
        spacing="2",
        width="100%",
    )


def _wallet_link(url: rx.Var, label_key: str, element_id: str, **props) -> rx.Component:
    return rx.cond(
        url != "",
        rx.link(
            rx.icon("wallet", size=20),
            tr(label_key),
            href=url,
            class_name="sf-button sf-wallet",
            id=element_id,
            **props,
        ),
    )


def wallet_buttons(view) -> rx.Component:
    """Only the wallets the platform has configured."""
    return rx.cond(
        (view.google_url != "") | (view.apple_url != ""),
        rx.vstack(
            _wallet_link(view.google_url, "storefront.wallet.google", "google-wallet", is_external=True),
            _wallet_link(view.apple_url, "storefront.wallet.apple", "apple-wallet"),
            width="100%",
            spacing="2",
        ),
    )


def locations(view) -> rx.Component:
    return rx.cond(
        view.cross_location,
        rx.vstack(
            rx.text(tr("storefront.locations.everywhere"), weight="medium"),
            rx.el.ul(
                rx.foreach(view.locations, lambda name: rx.el.li(name)),
                id="locations",
                padding_left="1.2em",
                margin="0",
            ),
            spacing="1",
            width="100%",
        ),
        rx.text(
            tr("storefront.locations.per_store_card", store=view.store_name, merchant=view.merchant_name),
            id="per-store-note",
        ),
    )


def welcome(view, *lines: rx.Component) -> rx.Component:
    """The card's first section: a greeting (`lines`) over the code to show at the counter."""
    return section(rx.vstack(*lines, card_face(view), spacing="3", align="center", text_align="center"))


def new_card() -> rx.Component:
    return rx.vstack(
        welcome(
            card,
            rx.heading(
                tr("storefront.success.title", name=card.first_name),
                as_="h2",
                size="6",
                id="success-heading",
                tab_index=-1,
            ),
            rx.text(tr("storefront.success.body")),
        ),
        section(progress(card)),
        wallet_buttons(card),
        section(locations(card)),
        rx.link(
            tr("storefront.success.open_card"),
            href=f"/s/{brand.store_code}/card",
            class_name="sf-button sf-button-secondary",
            width="100%",
            id="open-card",
        ),
        spacing="4",
        width="100%",
    )


def already_member() -> rx.Component:
    return section(
        rx.vstack(
            rx.icon("badge-check", size=40, color=rx.color("accent", 11), aria_hidden="true"),
            rx.heading(tr("storefront.already.title"), as_="h2", size="6", id="success-heading", tab_index=-1),
            rx.cond(
                card.cross_location, rx.fragment(), rx.text(tr("storefront.already.per_store", store=card.store_name))
            ),
            locations(card),
            rx.box(
                rx.cond(
                    JoinState.link_sent,
                    rx.callout(tr("storefront.already.sent"), icon="mail-check", color_scheme="green", id="link-sent"),
                    touch_button(
                        rx.icon("mail", size=18),
                        tr("storefront.already.send_link"),
                        on_click=JoinState.send_link,
                        width="100%",
                        id="send-link",
                    ),
                ),
                role="status",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        id="already-enrolled",
    )


def success_view() -> rx.Component:
    return rx.cond(card.already_enrolled, already_member(), new_card())
