"""'PIN per shift': a staff member verified once acts at the terminal until it sits idle too long."""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from loyalty_app.services import errors
from loyalty_app.services.context import StaffIdentity, clock


@dataclass(frozen=True)
class Shift:
    staff: StaffIdentity
    last_seen: datetime


def start(staff: StaffIdentity, now: datetime | None = None) -> Shift:
    """A shift opened by a verified PIN (`terminal.start_shift` or a PIN typed for an action)."""
    return Shift(staff=staff, last_seen=clock(now))


def on_shift(shift: Shift, idle_minutes: int, now: datetime | None = None) -> StaffIdentity:
    """The staff member the terminal acts for; ShiftExpired once it sat idle longer than the program allows."""
    if clock(now) - shift.last_seen > timedelta(minutes=idle_minutes):
        raise errors.ShiftExpired(idle_minutes=idle_minutes, staff_name=shift.staff.name)
    return shift.staff


def extend(shift: Shift, now: datetime | None = None) -> Shift:
    """Activity at the terminal: the idle window starts again from now."""
    return replace(shift, last_seen=clock(now))
