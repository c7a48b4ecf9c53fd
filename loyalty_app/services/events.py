"""The events services announce (after commit, see `effects`): plain data carrying ids, never ORM objects.

Each event is a frozen dataclass with a stable `name`; `to_dict()` gives JSON-ready data and
`from_dict()` the event back, so an event can be stored (an outbox row) and replayed elsewhere.
What each event starts (emails, wallet syncs, tasks) is decided in `jobs/handlers.py`, not here.
"""

from dataclasses import asdict, dataclass, fields
from typing import ClassVar, Self

BY_NAME: dict[str, type["Event"]] = {}


@dataclass(frozen=True)
class Event:
    name: ClassVar[str]

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name in BY_NAME:
            raise TypeError(f"two events are named {cls.name!r}: {BY_NAME[cls.name].__name__} and {cls.__name__}")
        BY_NAME[cls.name] = cls

    def to_dict(self) -> dict:
        return {"name": self.name, **asdict(self)}

    @classmethod
    def from_fields(cls, data: dict) -> Self:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


def from_dict(data: dict) -> Event:
    """The event `Event.to_dict()` described (after a JSON round trip, say); KeyError for an unknown name."""
    return BY_NAME[data["name"]].from_fields(data)


@dataclass(frozen=True)
class CardChanged(Event):
    """A card's balance or state changed: its wallet passes and its store's live feed follow."""

    name: ClassVar[str] = "card_changed"
    card_id: int
    transaction_id: int | None = None
    store_id: int | None = None


@dataclass(frozen=True)
class ProgramChanged(Event):
    """What the wallet classes show changed (program branding, merchant name or language)."""

    name: ClassVar[str] = "program_changed"
    program_id: int


@dataclass(frozen=True)
class Enrolled(Event):
    name: ClassVar[str] = "enrolled"
    card_id: int


@dataclass(frozen=True)
class WelcomeBonusGiven(Event):
    name: ClassVar[str] = "welcome_bonus"
    card_id: int


@dataclass(frozen=True)
class RewardReady(Event):
    name: ClassVar[str] = "reward_ready"
    card_id: int


@dataclass(frozen=True)
class TaskCreated(Event):
    """A merchant's background task was queued (its row is `status="queued"`)."""

    name: ClassVar[str] = "task_created"
    task_id: int


@dataclass(frozen=True)
class SignInLinkRequested(Event):
    """A customer asked for a sign-in link: its email is logged as queued, ready to send."""

    name: ClassVar[str] = "customer_sign_in_link"
    email_log_id: int


@dataclass(frozen=True)
class TemplateTestEmailRequested(Event):
    """A platform admin sent a template's test email: logged as queued, ready to send."""

    name: ClassVar[str] = "admin_test_email"
    email_log_id: int


@dataclass(frozen=True)
class WalletResyncRequested(Event):
    """An admin asked to sync one card again (even if it looks in sync), or every failing card (no card_id)."""

    name: ClassVar[str] = "wallet_resync_requested"
    request_id: str
    card_id: int | None = None
