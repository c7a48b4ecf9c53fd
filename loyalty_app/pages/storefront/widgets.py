"""Pieces every storefront page shares: the frame, the branded header, the language switch, the 404."""

import reflex as rx

from ...components.i18n import tr
from ...i18n import LANGUAGE_NAMES
from ...state.i18n import I18nState
from .store_state import StoreState

TOUCH = "48px"
brand = StoreState.brand


def tr_key(key: rx.Var, **params) -> rx.Var:
    """Like tr(), for a catalog key the state chose (a count's 'one' or 'many' form, an error code)."""
    text = I18nState.messages[key.to(str)].to(str)
    for name, value in params.items():
        text = text.replace("{" + name + "}", rx.Var.create(value).to(str))
    return text


def page_title(key: str) -> rx.Var:
    """The document title in the reader's language (add_page takes it as a Var)."""
    return rx.cond(
        StoreState.status == "ready",
        tr(key, card=brand.card_name),
        rx.cond(StoreState.status == "missing", tr("storefront.missing.title"), tr("storefront.loading")),
    )


def language_switch(*also) -> rx.Component:
    """The reader's language; `also` are handlers that re-format what the page already shows."""
    return rx.el.select(
        *[rx.el.option(name, value=code, lang=code) for code, name in LANGUAGE_NAMES.items()],
        value=I18nState.locale,
        on_change=[I18nState.choose, StoreState.relocalize, *also],
        aria_label=tr("language.label"),
        id="language-switch",
        class_name="sf-select sf-lang",
    )


def monogram() -> rx.Component:
    return rx.cond(
        brand.logo_url != "",
        rx.image(
            src=brand.logo_url,
            alt=tr("storefront.logo_alt", card=brand.card_name),
            width="56px",
            height="56px",
            border_radius="14px",
            object_fit="cover",
            background="white",
        ),
        rx.box(brand.card_name.to(str)[0:1], aria_hidden="true", class_name="sf-monogram"),
    )


def brand_header(*switch_handlers) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.spacer(), language_switch(*switch_handlers), width="100%"),
        rx.box(
            rx.hstack(
                monogram(),
                rx.vstack(
                    rx.heading(brand.card_name, as_="h1", size="7", id="card-name", color="inherit"),
                    rx.text(brand.store_name, size="2", color="inherit", id="store-name"),
                    spacing="1",
                    align="start",
                ),
                align="center",
                spacing="4",
            ),
            rx.cond(
                StoreState.description != "",
                rx.text(StoreState.description, size="2", margin_top="0.9em", color="inherit"),
            ),
            background=f"linear-gradient(135deg, {brand.card_color} 0%, {brand.card_color} 55%, rgba(0,0,0,0.28) 180%)",
            background_color=brand.card_color,
            color=brand.text_color,
            class_name="sf-brand",
            id="brand-header",
        ),
        spacing="2",
        width="100%",
    )


def touch_button(*children, **props) -> rx.Component:
    """A button big enough for a thumb."""
    return rx.button(*children, size="3", min_height=TOUCH, **props)


def section(*children, **props) -> rx.Component:
    return rx.box(*children, class_name="sf-section", **props)


def frame(*children, switch_handlers=()) -> rx.Component:
    """The page column, with the 404 view for an unknown store and a spinner while loading.

    Always light: the merchant's colours are chosen against white, and contrast is checked that way.
    """
    return rx.theme(
        rx.el.main(
            rx.el.style(CSS),
            rx.match(
                StoreState.status,
                ("missing", not_found()),
                ("ready", rx.vstack(brand_header(*switch_handlers), *children, spacing="4", width="100%")),
                rx.center(
                    rx.spinner(size="3"),
                    rx.text(tr("storefront.loading"), class_name="sf-sr-only"),
                    padding="4em",
                    role="status",
                ),
            ),
            lang=I18nState.locale,
            class_name="sf-page",
            style=StoreState.theme,
        ),
        class_name="light",
        has_background=True,
    )


def not_found() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.spacer(), language_switch(), width="100%"),
        rx.box(rx.icon("store", size=40, aria_hidden="true"), class_name="sf-404-icon"),
        rx.text("404", size="2", weight="bold", color_scheme="gray"),
        rx.heading(tr("storefront.missing.title"), as_="h1", size="7", id="not-found-title", text_align="center"),
        rx.text(tr("storefront.missing.body"), size="3", color_scheme="gray", text_align="center"),
        rx.link(tr("storefront.missing.home"), href="/", class_name="sf-button sf-button-secondary"),
        spacing="4",
        align="center",
        padding_y="3em",
        width="100%",
        id="not-found",
    )


def stamp_dots(dots: rx.Var) -> rx.Component:
    """The stamp card drawn as circles; the text beside it says the same for screen readers."""
    return rx.flex(
        rx.foreach(
            dots,
            lambda on: rx.box(
                rx.cond(on, rx.icon("check", size=18)), class_name=rx.cond(on, "sf-dot sf-dot-on", "sf-dot")
            ),
        ),
        class_name="sf-dots",
        aria_hidden="true",
    )


CSS = """
.sf-page{max-width:30rem;margin:0 auto;padding:12px 14px 40px;min-height:100vh;background:var(--gray-2)}
.sf-brand{border-radius:20px;padding:18px;box-shadow:0 8px 24px rgba(0,0,0,.18);width:100%}
.sf-monogram{width:56px;height:56px;border-radius:14px;background:rgba(255,255,255,.22);display:flex;
 align-items:center;justify-content:center;font-size:28px;font-weight:700;flex-shrink:0}
.sf-section{background:var(--color-panel-solid);border-radius:16px;padding:18px;width:100%;
 box-shadow:0 1px 3px rgba(0,0,0,.08)}
.sf-select{min-height:44px;border-radius:10px;border:1px solid var(--gray-8);padding:0 10px;
 background:var(--color-panel-solid);color:var(--gray-12);font-size:16px}
.sf-lang{width:auto;max-width:100%}
.sf-input{width:100%;min-height:48px;border-radius:10px;border:1px solid var(--gray-8);padding:0 12px;
 font-size:16px;background:var(--color-panel-solid);color:var(--gray-12)}
.sf-input:focus,.sf-select:focus{outline:3px solid var(--accent-8);outline-offset:1px}
.sf-input[aria-invalid=true],.sf-select[aria-invalid=true]{border-color:var(--red-9);border-width:2px}
.sf-label{font-weight:600;font-size:15px;color:var(--gray-12)}
.sf-hint{font-size:14px;color:var(--gray-11)}
.sf-error{font-size:14px;color:var(--red-11);font-weight:500}
.sf-check{display:flex;gap:12px;align-items:flex-start;min-height:44px}
.sf-check input{width:24px;height:24px;margin-top:1px;flex-shrink:0;accent-color:var(--accent-9)}
.sf-button{display:inline-flex;align-items:center;justify-content:center;gap:8px;min-height:48px;
 padding:0 20px;border-radius:12px;font-weight:600;font-size:16px;text-decoration:none;cursor:pointer;border:0}
.sf-button-secondary{background:var(--accent-3);color:var(--accent-11)}
.sf-wallet{background:#000;color:#fff;width:100%}
.sf-dots{display:grid;grid-template-columns:repeat(5,40px);gap:10px}
.sf-dot{width:40px;height:40px;border-radius:50%;border:3px solid var(--accent-9);display:flex;
 align-items:center;justify-content:center;color:#fff}
.sf-dot-on{background:var(--accent-9)}
.sf-qr{width:220px;height:220px;image-rendering:pixelated;background:#fff;padding:8px;border-radius:12px}
.sf-404-icon{width:80px;height:80px;border-radius:50%;background:var(--accent-3);color:var(--accent-11);
 display:flex;align-items:center;justify-content:center}
.sf-sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.sf-fieldset{border:0;padding:0;margin:0;min-width:0}
.sf-table{width:100%;border-collapse:collapse;font-size:14px}
.sf-table th{text-align:left;color:var(--gray-11);font-weight:600;padding:6px 4px;border-bottom:1px solid var(--gray-6)}
.sf-table td{padding:8px 4px;border-bottom:1px solid var(--gray-4);vertical-align:top}
"""
