"""Builds the app: the Reflex UI with the REST API mounted in front of it on the same port."""

import reflex as rx

from jobs.bootstrap import bootstrap
from jobs.embedded import lifespan as embedded_jobs

from .api.app import create_api
from .live.feed import watch_store_feeds
from .pages.admin.routes import add_admin_pages
from .pages.home import home_page
from .pages.login import LoginState, login_page
from .pages.merchant import register as add_merchant_pages
from .pages.storefront.card_page import card_page
from .pages.storefront.card_state import CardState
from .pages.storefront.join_page import join_page, store_root_page
from .pages.storefront.join_state import JoinState
from .pages.storefront.store_state import StoreState
from .pages.storefront.widgets import page_title
from .pages.terminal.card_state import TerminalCardState
from .pages.terminal.page import terminal_page
from .pages.terminal.state import TerminalState
from .state.i18n import I18nState

bootstrap()  # service events -> jobs, before the first request can commit one
app = rx.App(api_transformer=create_api())
app.register_lifespan_task(watch_store_feeds)
app.register_lifespan_task(embedded_jobs)  # worker thread + schedules without Redis
app.add_page(
    terminal_page,
    route="/store/[store_code]/terminal",
    title="Terminal",
    on_load=[I18nState.detect, TerminalCardState.on_load, TerminalState.on_load],
)
app.add_page(
    join_page,
    route="/s/[store_code]/join",
    title=page_title("storefront.join.title"),
    on_load=[I18nState.detect, StoreState.load, JoinState.on_load],
)
app.add_page(
    card_page,
    route="/s/[store_code]/card",
    title=page_title("storefront.card.title"),
    on_load=[I18nState.detect, StoreState.load, CardState.on_load],
)
app.add_page(
    store_root_page,
    route="/s/[store_code]",
    title=page_title("storefront.join.title"),
    on_load=[I18nState.detect, StoreState.load, StoreState.to_join],
)
app.add_page(login_page, route="/login", title="Sign in", on_load=[I18nState.detect, LoginState.on_load])
add_admin_pages(app)
add_merchant_pages(app)
app.add_page(home_page, route="/", title="Loyalty platform", on_load=I18nState.detect)
