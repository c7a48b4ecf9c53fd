"""Adds the /admin pages to the app, each loading the admin check first and then its own state."""

import reflex as rx

from ...state.i18n import I18nState
from .access import AdminState
from .act import act_page
from .act_state import ActState
from .audit import AuditState, audit_page
from .customers import CustomersState, customers_page
from .email_log import EmailLogState, email_log_page
from .emails import templates_page
from .merchants import MerchantsState, merchants_page
from .overview import OverviewState, overview_page
from .templates_state import TemplatesState
from .trash import TrashState, trash_page
from .wallet import wallet_page
from .wallet_state import WalletState

PAGES = (
    ("/admin", overview_page, OverviewState.load, "Admin"),
    ("/admin/merchants", merchants_page, MerchantsState.load, "Admin · Merchants"),
    ("/admin/act", act_page, ActState.load, "Admin · Act on behalf"),
    ("/admin/customers", customers_page, CustomersState.load, "Admin · Customers"),
    ("/admin/trash", trash_page, TrashState.load, "Admin · Trash"),
    ("/admin/emails", templates_page, TemplatesState.load, "Admin · Email templates"),
    ("/admin/email-log", email_log_page, EmailLogState.load, "Admin · Email log"),
    ("/admin/wallet", wallet_page, WalletState.load, "Admin · Wallet"),
    ("/admin/audit", audit_page, AuditState.load, "Admin · Audit log"),
)


def add_admin_pages(app: rx.App) -> None:
    for route, page, load, title in PAGES:
        app.add_page(page, route=route, title=title, on_load=[I18nState.detect, AdminState.on_load, load])
