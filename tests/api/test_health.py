from sqlmodel import Session

from loyalty_app.api.deps import get_session
from loyalty_app.db import make_engine


def test_health_is_ok_with_embedded_redis(client):
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok", "redis": "embedded", "jobs": "ok"}


def test_health_is_503_when_the_database_is_unreachable(client, tmp_path):
    broken = make_engine(f"sqlite:///{tmp_path}/missing-dir/none.db")

    def unreachable():
        with Session(broken) as session:
            yield session

    client.app.dependency_overrides[get_session] = unreachable
    r = client.get("/api/v1/health")
    assert r.status_code == 503
    assert r.json()["database"] == "error" and r.json()["status"] == "error"
