from datetime import timedelta

from jobs.schedule import SCHEDULES
from loyalty_app.models import EmailLog, JobRun, utcnow

from .conftest import error_code


def test_admin_lists_merchants_with_counts(client, headers, join):
    join("lumiere-centre")
    r = client.get("/api/v1/admin/merchants", headers=headers("admin"))
    assert r.status_code == 200
    assert [(m["name"], m["store_count"], m["card_count"]) for m in r.json()["items"]] == [
        ("Café Lumière", 2, 1),
        ("Mode Atelier", 2, 0),
    ]


def test_admin_endpoints_refuse_merchant_owners(client, headers):
    for path in ("merchants", "emails", "jobs"):
        r = client.get(f"/api/v1/admin/{path}", headers=headers("lumiere_owner"))
        assert r.status_code == 403 and error_code(r) == "FORBIDDEN"


def test_email_log_newest_first_with_filters(client, headers, db):
    now = utcnow()
    db.add_all(
        [
            EmailLog(
                template_code="loyalty_enrollment",
                locale="fr",
                recipient="ada@example.com",
                subject="Bienvenue",
                status="sent",
                attempts=1,
                created_at=now - timedelta(minutes=2),
                sent_at=now,
            ),
            EmailLog(
                template_code="loyalty_reward_ready",
                locale="en",
                recipient="Ada@Example.com",
                subject="Reward",
                status="failed",
                attempts=3,
                error="SMTP 550",
                created_at=now - timedelta(minutes=1),
            ),
            EmailLog(
                template_code="loyalty_enrollment",
                locale="en",
                recipient="bob@example.com",
                subject="Welcome",
                status="queued",
                created_at=now,
            ),
        ]
    )
    db.commit()
    admin = headers("admin")
    items = client.get("/api/v1/admin/emails", headers=admin).json()["items"]
    assert [e["recipient"] for e in items] == ["bob@example.com", "Ada@Example.com", "ada@example.com"]
    assert set(items[1]) == {
        "id",
        "template_code",
        "locale",
        "recipient",
        "subject",
        "status",
        "attempts",
        "error",
        "created_at",
        "sent_at",
    }
    assert items[1]["error"] == "SMTP 550" and items[1]["status"] == "failed"
    ada = client.get("/api/v1/admin/emails", params={"recipient": "ADA@example.com"}, headers=admin).json()["items"]
    assert len(ada) == 2
    enrolled = client.get(
        "/api/v1/admin/emails", params={"template_code": "loyalty_enrollment", "limit": 1}, headers=admin
    ).json()["items"]
    assert [e["recipient"] for e in enrolled] == ["bob@example.com"]


def test_jobs_list_every_schedule_even_before_a_run(client, headers):
    r = client.get("/api/v1/admin/jobs", headers=headers("admin"))
    assert r.status_code == 200
    jobs = {j["name"]: j for j in r.json()["jobs"]}
    assert set(jobs) == {s.name for s in SCHEDULES} >= {"points_expiry", "expiry_warnings"}
    assert jobs["points_expiry"]["schedule"] == "0 3 * * *"
    assert all(j["last_started_at"] is None and j["last_succeeded_at"] is None for j in jobs.values())
    assert r.json()["alerts"] == []  # the platform is younger than 26 hours


def test_late_expiry_job_raises_an_alert(client, headers, db):
    db.add(
        JobRun(
            name="points_expiry",
            last_started_at=utcnow() - timedelta(hours=27),
            last_succeeded_at=utcnow() - timedelta(hours=27),
            last_error=None,
        )
    )
    db.commit()
    body = client.get("/api/v1/admin/jobs", headers=headers("admin")).json()
    assert [a["code"] for a in body["alerts"]] == ["EXPIRY_JOB_LATE"]
    assert client.get("/api/v1/health").json()["jobs"] == "late"
