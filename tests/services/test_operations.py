import pytest

from loyalty_app.models import Store
from loyalty_app.services import errors
from loyalty_app.services.context import PUBLIC, SYSTEM, Actor
from loyalty_app.services.ledger.operations import authorize_store

CENTRE = Store(id=1, merchant_id=10, code="centre", name="Centre")
GARE = Store(id=2, merchant_id=10, code="gare", name="Gare")


@pytest.mark.parametrize(
    "actor, store",
    [
        (Actor(role="store_staff", merchant_id=10, store_id=1), CENTRE),
        (Actor(role="merchant_owner", merchant_id=10), CENTRE),
        (Actor(role="merchant_owner", merchant_id=10), GARE),
        (Actor(role="platform_admin"), GARE),
        (SYSTEM, GARE),
    ],
)
def test_store_operations_are_open_to_its_staff_its_owner_and_admins(actor, store):
    authorize_store(actor, store)


@pytest.mark.parametrize(
    "actor",
    [
        Actor(role="store_staff", merchant_id=10, store_id=2),  # another store of the same merchant
        Actor(role="store_staff", merchant_id=11, store_id=1),
        Actor(role="merchant_owner", merchant_id=11),
        Actor(role="customer", merchant_id=10, store_id=1),
        PUBLIC,
        Actor(role="unknown", merchant_id=10, store_id=1),
    ],
)
def test_store_operations_are_refused_to_everyone_else(actor):
    with pytest.raises(errors.PermissionDenied):
        authorize_store(actor, CENTRE)


def test_domain_errors_carry_a_code_a_default_message_and_details():
    error = errors.CooldownActive(retry_after_seconds=12)
    assert (error.code, error.text, error.details) == (
        "COOLDOWN_ACTIVE",
        errors.CooldownActive.message,
        {"retry_after_seconds": 12},
    )
    assert errors.InsufficientStamps("Already redeemed.").text == "Already redeemed."
    assert isinstance(errors.CardNotFound(), errors.NotFound)
    assert isinstance(errors.AlreadyVoided(), errors.Conflict)
