"""Reflex configuration. Ports and the state store come from the environment (see Makefile)."""

import os

import reflex as rx

config = rx.Config(
    app_name="loyalty_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # Reflex keeps UI state in Redis when one is configured, so several backend workers share it.
    redis_url=os.environ.get("LOYALTY_REDIS_URL") or None,
    plugins=[
        rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="large")),
        rx.plugins.SitemapPlugin(),
    ],
)
