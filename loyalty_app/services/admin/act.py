"""A platform admin acting on behalf of a merchant: cards named by number, then the merchant's own services.

The actor comes from `scope.merchant_actor`, so every ledger and audit row written carries the admin's id.
Bulk bonus and deactivation run as the merchant's background task (tasks.lifecycle), like the console's:
one at a time per merchant, off the request, with the on-behalf actor recorded in the task.
"""

from dataclasses import dataclass, field

from sqlmodel import Session

from loyalty_app.models import LoyaltyCard, LoyaltyTransaction, StaffPin, Store
from loyalty_app.services import errors
from loyalty_app.services.admin.on_behalf import active_card_ids, card_ids_for_numbers
from loyalty_app.services.cards import cards
from loyalty_app.services.context import Actor
from loyalty_app.services.ledger import points
from loyalty_app.services.staff import pins
from loyalty_app.services.tasks import lifecycle as tasks
from loyalty_app.services.tasks import read_models


@dataclass
class Started:
    """A bulk action queued as the merchant's background task (None: no card to act on), and the numbers not found."""

    task: dict | None = None  # lifecycle.view of the task
    unknown: list[str] = field(default_factory=list)


def _require_on_behalf(actor: Actor, merchant_id: int) -> None:
    if actor.acting_admin_id is None or actor.merchant_id != merchant_id:
        raise errors.PermissionDenied()


def _targets(session: Session, merchant_id: int, numbers: str, all_cards: bool) -> tuple[list[int], list[str]]:
    if all_cards:
        return active_card_ids(session, merchant_id), []
    ids, unknown = card_ids_for_numbers(session, merchant_id, numbers)
    if not ids and not unknown:
        raise errors.ValidationFailed({"cards": "required"})
    return ids, unknown


def _start(
    session: Session, merchant_id: int, kind: str, numbers: str, all_cards: bool, actor: Actor, **what
) -> Started:
    """The merchant's own bulk task, so one runs at a time: a second submit is refused with TaskAlreadyRunning."""
    _require_on_behalf(actor, merchant_id)
    ids, unknown = _targets(session, merchant_id, numbers, all_cards)
    if not ids:
        return Started(None, unknown)
    task = tasks.start_bulk(session, merchant_id, kind, ids, actor, **what)
    return Started(read_models.view(task), unknown)


def deactivate_cards(
    session: Session, merchant_id: int, numbers: str, all_cards: bool, reason: str, actor: Actor
) -> Started:
    return _start(session, merchant_id, "bulk_deactivate", numbers, all_cards, actor, reason=reason)


def bonus_cards(
    session: Session, merchant_id: int, numbers: str, all_cards: bool, points_each: int, reason: str, actor: Actor
) -> Started:
    return _start(session, merchant_id, "bulk_bonus", numbers, all_cards, actor, reason=reason, points=points_each)


def assign_pins(session: Session, merchant_id: int, store_id: int, lines: str, actor: Actor) -> list[StaffPin]:
    """'Name, 1234' lines become staff PINs at one of the merchant's stores (all or nothing)."""
    _require_on_behalf(actor, merchant_id)
    store = session.get(Store, store_id)
    if store is None or store.merchant_id != merchant_id or store.deleted_at is not None:
        raise errors.StoreNotFound()
    return pins.bulk_create_pins(session, store, lines, actor)


def restore_points(
    session: Session, merchant_id: int, card_number: str, points_delta: int, reason: str, actor: Actor
) -> tuple[LoyaltyTransaction, LoyaltyCard]:
    """Give back points lost by mistake: an admin adjustment row with the reason."""
    _require_on_behalf(actor, merchant_id)
    number = cards.normalize_card_number(card_number or "")
    problems = {} if number.isdigit() else {"card_number": "required"}
    if not isinstance(points_delta, int) or points_delta <= 0:
        problems["points_delta"] = "out_of_range"  # a restore gives back; a correction downwards is not this
    if problems:
        raise errors.ValidationFailed(problems)
    card = cards.find_card(session, merchant_id, number)
    return points.adjust_points(session, merchant_id, card.id, points_delta, reason, actor)
