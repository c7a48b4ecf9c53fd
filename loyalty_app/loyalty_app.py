"""Builds the app: the Reflex UI with the REST API mounted in front of it on the same port."""

import reflex as rx

from .api.app import create_api
from .pages.home import home_page

app = rx.App(api_transformer=create_api())
app.add_page(home_page, route="/", title="Loyalty platform")
