"""Who may use /admin: platform admins only, re-checked on every load and every action."""

from urllib.parse import quote

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.context import Actor
from loyalty_app.services.staff import scope, sessions

from ...db import new_session
from ...state.auth import AuthState
from ...state.i18n import I18nState


class AdminState(rx.State):
    access: str = "loading"  # loading | ready | denied | signed_out

    async def _admin(self) -> Actor | None:
        """The signed-in platform admin as an actor whose every write records them as the acting admin."""
        actor = await (await self.get_state(AuthState))._current_actor()
        if actor is None:
            self.access = "signed_out"
            return None
        try:
            admin = scope.as_platform_admin(actor)
        except errors.PermissionDenied:
            self.access = "denied"
            return None
        self.access = "ready"
        return admin

    @rx.event
    async def on_load(self):
        self.access = "loading"
        await self._admin()
        if self.access == "signed_out":
            url = self.router.url
            return rx.redirect(f"/login?next={quote(url.path + ('?' + url.query if url.query else ''))}")


async def admin_actor(state: rx.State) -> Actor | None:
    """For a page state's handler: the admin actor, or None when nothing may be shown or done."""
    return await (await state.get_state(AdminState))._admin()


async def admin_context(state: rx.State) -> tuple[Actor | None, str]:
    """(admin actor, reader's locale)."""
    actor = await admin_actor(state)
    return actor, (await state.get_state(I18nState)).locale


def _on_behalf(cookie: str | None, merchant_id: int, ip: str | None, agent: str | None) -> Actor:
    with new_session() as session:
        user = sessions.user_from_cookie_header(session, cookie)
        if user is None:
            raise errors.PermissionDenied()
        scope.require_platform_admin(user)
        return scope.merchant_actor(session, user, merchant_id, ip, agent)


async def on_behalf_actor(state: rx.State, merchant_id: int) -> Actor:
    """The admin acting for one merchant (scope.merchant_actor); raises a DomainError when refused."""
    if await admin_actor(state) is None:
        raise errors.PermissionDenied()
    cookie, ip, agent = (
        state.router.headers.cookie,
        state.router.session.client_ip or None,
        state.router.headers.user_agent or None,
    )
    return await rx.run_in_thread(lambda: _on_behalf(cookie, merchant_id, ip, agent))
