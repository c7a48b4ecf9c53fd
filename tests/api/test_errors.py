from fastapi.testclient import TestClient

from loyalty_app.api.app import create_api

from .conftest import error_code


def test_unknown_route_under_api_is_json_not_found(client):
    r = client.get("/api/v1/no-such-thing")
    assert r.status_code == 404 and error_code(r) == "NOT_FOUND"


def test_wrong_method_is_method_not_allowed_with_allow_header(client):
    r = client.delete("/api/v1/merchant/program")
    assert r.status_code == 405 and error_code(r) == "METHOD_NOT_ALLOWED"
    assert set(r.headers["Allow"].split(", ")) >= {"GET", "PATCH"}


def test_openapi_and_docs_are_served_under_api_v1(client):
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "Loyalty platform API"
    assert client.get("/api/v1/docs").status_code == 200


def test_validation_errors_name_the_failing_fields(client, headers):
    r = client.post(
        "/api/v1/stores/lumiere-centre/points/earn",
        headers=headers("lumiere_owner"),
        json={"card_number": "", "purchase_amount_cents": "lots"},
    )
    assert r.status_code == 422 and error_code(r) == "VALIDATION_ERROR"
    assert set(r.json()["error"]["details"]["fields"]) == {"card_number", "purchase_amount_cents"}


def test_nul_bytes_are_refused_before_reaching_the_database(client, headers):
    r = client.get("/api/v1/merchant/cards", params={"q": "ada\x00"}, headers=headers("lumiere_owner"))
    assert r.status_code == 422 and "q" in r.json()["error"]["details"]["fields"]
    r = client.post(
        "/api/v1/storefront/lumiere-centre/enroll",
        json={"email": "a@example.com", "first_name": "A\x00", "accept_terms": True},
    )
    assert r.status_code == 422 and "first_name" in r.json()["error"]["details"]["fields"]


def test_huge_ids_and_amounts_are_validation_errors(client, headers):
    h = headers("lumiere_owner")
    assert client.get(f"/api/v1/merchant/cards/{10**30}", headers=h).status_code == 422
    r = client.post("/api/v1/stores/lumiere-centre/sales", headers=h, json={"amount_cents": 10**30})
    assert r.status_code == 422 and error_code(r) == "VALIDATION_ERROR"


def test_over_long_strings_are_validation_errors(client):
    r = client.post(
        "/api/v1/storefront/lumiere-centre/enroll",
        json={"email": "a@example.com", "first_name": "A" * 101, "accept_terms": True},
    )
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"first_name": "string_too_long"}


def test_malformed_json_is_a_validation_error(client):
    r = client.post("/api/v1/auth/login", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and error_code(r) == "VALIDATION_ERROR"


def test_an_unreadable_body_is_a_validation_error(client):
    r = client.post("/api/v1/auth/login", content=b"\x97\x0b\xcf", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"body": "unreadable"}


def test_unexpected_errors_answer_internal_error_json(db):
    api = create_api()

    @api.get("/api/v1/_boom", include_in_schema=False)
    def boom():
        raise RuntimeError("boom")

    api.router.routes.insert(0, api.router.routes.pop())  # ahead of the catch-all
    r = TestClient(api, raise_server_exceptions=False).get("/api/v1/_boom")
    assert r.status_code == 500 and error_code(r) == "INTERNAL_ERROR"
    assert "boom" not in r.text
