"""The wallet card inspector: the Google object and Apple pass.json as they would be sent, and the save-link test."""

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.wallet import debug as wallet_admin

from ...components.failure import failure_text
from ...components.i18n import tr
from ...components.table import pre
from ...db import new_session
from ...i18n import t
from . import fmt
from .access import admin_context


def _inspect(reference: str, card_id: int | None) -> dict:
    with new_session() as session:
        cid = card_id if card_id is not None else wallet_admin.card_id_by_number(session, reference)
        return wallet_admin.inspect_card(session, cid)


def _save_link(card_id: int) -> dict:
    with new_session() as session:
        return wallet_admin.save_link_test(session, card_id)


class InspectorState(rx.State):
    reference: str = ""
    card_id: str = ""
    card_number: str = ""
    sync: str = ""
    google_json: str = ""
    apple_json: str = ""
    problem: str = ""
    link: dict[str, str] = {}
    link_claims: str = ""

    @rx.event
    def set_reference(self, value: str):
        self.reference = value

    async def _open(self, card_id: int | None):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        reference = self.reference
        self.link, self.link_claims = {}, ""
        try:
            out = await rx.run_in_thread(lambda: _inspect(reference, card_id))
        except errors.DomainError as exc:
            self.problem, self.card_id = failure_text(exc, "admin", loc), ""
            return
        except Exception as exc:  # a broken wallet configuration: say what failed
            self.problem, self.card_id = f"{type(exc).__name__}: {exc}", ""
            return
        s = out["sync"]
        self.problem, self.card_id, self.card_number = "", str(out["card_id"]), out["card_number"]
        self.sync = f"{s['synced_version']}/{s['version']} \u00b7 {fmt.when(s['last_synced_at'], loc)}" + (
            f" \u00b7 {s['last_error']}" if s["last_error"] else ""
        )
        self.google_json, self.apple_json = fmt.as_json(out["google"]), fmt.as_json(out["apple"])

    @rx.event
    async def inspect(self, _form: dict):
        await self._open(None)

    @rx.event
    async def inspect_id(self, card_id: str):
        self.reference = ""
        await self._open(int(card_id))

    @rx.event
    async def test_link(self):
        actor, loc = await admin_context(self)
        if actor is None or not self.card_id:
            return
        card_id = int(self.card_id)
        try:
            out = await rx.run_in_thread(lambda: _save_link(card_id))
        except errors.DomainError as exc:
            self.link, self.link_claims = {"problem": failure_text(exc, "admin", loc)}, ""
            return
        except Exception as exc:
            self.link, self.link_claims = {"problem": f"{type(exc).__name__}: {exc}"}, ""
            return
        yes, no = t("admin.yes", loc), t("admin.no", loc)
        self.link = {
            "url": out["url"],
            "length": f"{out['length']} / {out['max_length']}",
            "under_limit": yes if out["under_limit"] else no,
            "signature": yes if out["signature_valid"] else no,
            "problem": out["problem"] or "",
            "object": {True: yes, False: no, None: "\u2014"}[out["object_exists"]],
            "remote_error": out["remote_error"] or "",
        }
        self.link_claims = fmt.as_json({"header": out["header"], "claims": out["claims"]})


def _fact(label_key: str, value: rx.Var, element_id: str) -> rx.Component:
    return rx.hstack(
        rx.text(tr(label_key), weight="medium", size="2", min_width="12em"),
        rx.text(value, size="2", id=element_id, word_break="break-all"),
        align="start",
    )


def _lookup() -> rx.Component:
    s = InspectorState
    return rx.form(
        rx.hstack(
            rx.input(
                value=s.reference,
                on_change=s.set_reference,
                id="inspect-number",
                name="reference",
                width="20em",
                placeholder=tr("admin.field.card_number"),
                aria_label=tr("admin.field.card_number"),
            ),
            rx.button(tr("admin.wallet.inspect"), type="submit", id="inspect-go"),
            spacing="2",
        ),
        on_submit=s.inspect,
    )


def _payload(title_key: str, text: rx.Var, element_id: str) -> rx.Component:
    """What would be sent to a wallet, or that it is off."""
    return rx.vstack(
        rx.text(tr(title_key), weight="bold"),
        pre(rx.cond(text != "", text, tr("admin.wallet.off")), element_id),
        width="100%",
        min_width="0",
    )


def _link_result() -> rx.Component:
    link = InspectorState.link
    return rx.vstack(
        _fact("admin.wallet.link_length", link["length"], "link-length"),
        _fact("admin.wallet.link_under_limit", link["under_limit"], "link-under-limit"),
        _fact("admin.wallet.link_signature", link["signature"], "link-signature"),
        _fact("admin.wallet.link_object", link["object"], "link-object"),
        _fact("admin.col.error", link["problem"] + " " + link["remote_error"], "link-error"),
        rx.link(link["url"], href=link["url"], is_external=True, size="1", word_break="break-all"),
        pre(InspectorState.link_claims, "link-claims"),
        spacing="2",
        width="100%",
        id="link-result",
    )


def _card() -> rx.Component:
    s = InspectorState
    return rx.vstack(
        _fact("admin.col.card", s.card_number, "inspect-card"),
        _fact("admin.wallet.sync_state", s.sync, "inspect-sync"),
        rx.grid(
            _payload("admin.wallet.google_object", s.google_json, "inspect-google"),
            _payload("admin.wallet.apple_pass", s.apple_json, "inspect-apple"),
            columns=rx.breakpoints(initial="1", lg="2"),
            spacing="3",
            width="100%",
        ),
        rx.button(tr("admin.wallet.test_link"), on_click=s.test_link, variant="soft", id="test-link"),
        rx.cond(
            s.link.contains("problem") & ~s.link.contains("url"),
            rx.callout(s.link["problem"], color_scheme="red", size="1", id="link-problem"),
        ),
        rx.cond(s.link.contains("url"), _link_result()),
        spacing="3",
        width="100%",
    )


def inspector() -> rx.Component:
    s = InspectorState
    return rx.vstack(
        _lookup(),
        rx.cond(
            s.problem != "",
            rx.callout(s.problem, color_scheme="red", icon="triangle_alert", size="1", id="inspect-problem"),
        ),
        rx.cond(s.card_id != "", _card()),
        spacing="3",
        width="100%",
    )
