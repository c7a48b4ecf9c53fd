"""The store's latest transactions, live on every open terminal of the store."""

import reflex as rx

from ...components.i18n import tr
from ...components.ledger_line import change_text
from ...state.i18n import I18nState
from ...state.store_feed import FeedLine, StoreFeed


def _line(line: FeedLine) -> rx.Component:
    return rx.hstack(
        rx.text(line.time, font_family="monospace", color_scheme="gray"),
        rx.vstack(
            rx.hstack(
                rx.text(I18nState.messages["tx." + line.kind], weight="medium"),
                rx.text(*change_text(line.delta, line.unit), weight="bold"),
                spacing="2",
                wrap="wrap",
            ),
            rx.text(line.detail, color_scheme="gray", size="2"),
            spacing="0",
        ),
        padding_y="0.4em",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        width="100%",
        data_testid="feed-line",
        data_tx=line.id,
    )


def feed_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(tr("feed.title"), size="4", as_="h2"),
            rx.cond(
                StoreFeed.lines.length() > 0,
                rx.vstack(rx.foreach(StoreFeed.lines, _line), spacing="0", width="100%"),
                rx.text(tr("feed.empty"), color_scheme="gray"),
            ),
            spacing="2",
            width="100%",
            role="log",
            aria_live="polite",
            id="store-feed",
        ),
        width="100%",
    )
