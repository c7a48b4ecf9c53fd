"""Schemathesis over the whole OpenAPI schema, signed in as the Café Lumière owner.

Each operation runs Hypothesis' fuzzing phase with max_examples=15 (positive and negative data);
the coverage phase is off to keep the run bounded. That is at most 15 requests per operation:
662 requests for the 46 operations of the schema when this was written, 40-70 s on a busy 2-core VM.
Path ids and card numbers are pointed at real demo data so requests reach the services, not only
"not found". Checks: no 5xx for any input, and every response (errors included) matches the
schema its operation documents.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from loyalty_app.api.app import create_api
from loyalty_app.demo import PINS
from loyalty_app.settings import get_settings

MAX_EXAMPLES = 15
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_api())
schema.config.phases.coverage.enabled = False


@pytest.fixture
def real(client, headers, join, demo, monkeypatch) -> dict:
    """A card with a stamp, the owner's token, and the ids to aim at; rate limits off to reach the services."""
    monkeypatch.setattr(get_settings(), "rate_limits_enabled", False)
    card = join("lumiere-centre")["card"]
    owner = headers("lumiere_owner")
    r = client.post(
        "/api/v1/stores/lumiere-centre/stamps",
        headers=owner,
        json={"card_number": card["card_number"], "staff_pin": PINS["lumiere-centre"]},
    )
    assert r.status_code == 201, r.text
    return {
        "headers": owner,
        "card_number": card["card_number"],
        "path": {
            "store_code": "lumiere-centre",
            "card_id": card["id"],
            "transaction_id": r.json()["transaction"]["id"],
            "pin_id": demo["staff"]["lumiere-centre"].id,
        },
    }


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_no_input_breaks_the_api(case, real):
    for name in case.path_parameters or {}:
        case.path_parameters[name] = real["path"].get(name, case.path_parameters[name])
    if isinstance(case.body, dict) and isinstance(case.body.get("card_number"), str):
        case.body["card_number"] = real["card_number"]
    case.call_and_validate(headers=real["headers"], checks=[not_a_server_error, response_schema_conformance])
