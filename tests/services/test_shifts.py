"""'PIN per shift': the terminal acts for the verified staff member until it sits idle past the program's window."""

from datetime import timedelta

import pytest

from loyalty_app.components.failure import error_message
from loyalty_app.services import errors
from loyalty_app.services.context import StaffIdentity
from loyalty_app.services.staff import shifts

from .support import NOW

MARIE = StaffIdentity(pin_id=7, name="Marie")
IDLE = 15


def test_a_shift_within_its_idle_window_acts_for_the_staff_member():
    shift = shifts.start(MARIE, NOW)
    assert shifts.on_shift(shift, IDLE, NOW + timedelta(minutes=IDLE)) == MARIE


def test_a_shift_idle_past_its_window_has_expired():
    shift = shifts.start(MARIE, NOW)
    with pytest.raises(errors.ShiftExpired) as expired:
        shifts.on_shift(shift, IDLE, NOW + timedelta(minutes=IDLE, seconds=1))
    assert expired.value.details["idle_minutes"] == IDLE
    assert "15" in error_message(expired.value, "fr")


def test_activity_on_the_terminal_extends_the_shift():
    shift = shifts.extend(shifts.start(MARIE, NOW), NOW + timedelta(minutes=10))
    assert shifts.on_shift(shift, IDLE, NOW + timedelta(minutes=24)) == MARIE
    with pytest.raises(errors.ShiftExpired):
        shifts.on_shift(shift, IDLE, NOW + timedelta(minutes=26))


def test_the_programs_current_idle_window_decides():
    shift = shifts.start(MARIE, NOW)
    with pytest.raises(errors.ShiftExpired):
        shifts.on_shift(shift, 5, NOW + timedelta(minutes=6))
