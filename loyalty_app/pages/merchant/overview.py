"""Overview page: the program at a glance and the main numbers of the last 30 days."""

from datetime import timedelta

import reflex as rx

from loyalty_app.services.analytics import metrics as analytics
from loyalty_app.services.merchant.stores import list_stores

from ...components.i18n import tr
from ...db import new_session
from ...i18n.formats import number
from ...models import utcnow
from ...state.i18n import I18nState
from .console import ConsoleState, console_context
from .layout import NAV, console_href, console_page

FIGURES = ("members", "active_members", "at_risk", "points_liability", "stores")


def _figures(merchant_id: int, locale: str) -> dict[str, str]:
    now = utcnow()
    with new_session() as session:
        k = analytics.kpis(session, merchant_id, now - timedelta(days=30), now, now=now)
        at_risk = analytics.count_at_risk(session, merchant_id, now=now)
        stores = len(list_stores(session, merchant_id))
    values = {
        "members": k["members"],
        "active_members": k["active_members"],
        "at_risk": at_risk,
        "points_liability": k["points_liability"],
        "stores": stores,
    }
    return {name: number(value, locale) for name, value in values.items()}


class OverviewState(rx.State):
    figures: dict[str, str] = {}

    @rx.event
    async def on_load(self):
        actor, locale, _ = await console_context(self)
        if actor is not None:
            self.figures = await rx.run_in_thread(lambda: _figures(actor.merchant_id, locale))


def overview_page() -> rx.Component:
    tiles = rx.grid(
        *[
            rx.card(
                rx.vstack(
                    rx.text(tr(f"merchant.overview.{name}"), size="2", color_scheme="gray"),
                    rx.heading(OverviewState.figures.get(name, ""), size="7", id=f"overview-{name}"),
                )
            )
            for name in FIGURES
        ],
        columns="5",
        spacing="3",
        width="100%",
    )
    links = rx.grid(
        *[
            rx.link(
                rx.card(rx.hstack(rx.icon(icon), rx.text(tr(key), weight="medium"), align="center")),
                href=console_href(path),
                underline="none",
            )
            for key, path, icon in NAV[1:]
        ],
        columns="3",
        spacing="3",
        width="100%",
    )
    return console_page(
        "merchant.nav.overview",
        rx.cond(
            ConsoleState.loyalty_type != "",
            rx.text(
                tr(
                    "merchant.overview.program", type=I18nState.messages["merchant.choice." + ConsoleState.loyalty_type]
                ),
                size="3",
            ),
        ),
        tiles,
        links,
    )
