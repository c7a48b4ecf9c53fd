"""The merchant console under /merchant: one module per page, each with its small state."""

import reflex as rx

from loyalty_app.pages.merchant.import_export import transfer_page
from loyalty_app.pages.merchant.import_export_state import TransferState

from ...state.i18n import I18nState
from .analytics import analytics_page
from .analytics_state import AnalyticsState
from .card_detail import card_detail_page
from .card_state import CardDetailState
from .cards import cards_page
from .cards_state import CardsState
from .console import ConsoleState
from .overview import OverviewState, overview_page
from .pins import PinsState, pins_page
from .program import program_page
from .program_state import ProgramState
from .settings import settings_page
from .settings_state import SettingsState
from .stores import StoresState, stores_page

PAGES = (
    ("/merchant/cards/[console_card_id]", card_detail_page, "merchant.card.title", CardDetailState),
    ("/merchant", overview_page, "merchant.nav.overview", OverviewState),
    ("/merchant/program", program_page, "merchant.nav.program", ProgramState),
    ("/merchant/stores", stores_page, "merchant.nav.stores", StoresState),
    ("/merchant/pins", pins_page, "merchant.nav.pins", PinsState),
    ("/merchant/cards", cards_page, "merchant.nav.cards", CardsState),
    ("/merchant/analytics", analytics_page, "merchant.nav.analytics", AnalyticsState),
    ("/merchant/import-export", transfer_page, "merchant.nav.transfer", TransferState),
    ("/merchant/settings", settings_page, "merchant.nav.settings", SettingsState),
)


def register(app: rx.App) -> None:
    """Add every console page; each load settles who may see it before the page's own data is read."""
    from ...i18n import t

    for route, page, title_key, state in PAGES:
        app.add_page(
            page, route=route, title=t(title_key), on_load=[I18nState.detect, ConsoleState.on_load, state.on_load]
        )
