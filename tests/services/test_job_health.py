"""Job health: last start/success/error per scheduled job, lateness, and the operations alerts."""

from datetime import UTC, datetime, timedelta

from loyalty_app.models import EmailLog, JobRun, Merchant
from loyalty_app.services.health import schedules as job_health
from loyalty_app.services.health.schedules import jobs_report, jobs_state
from loyalty_app.services.health.timetable import ScheduleInfo

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)
SCHEDULES = [
    ScheduleInfo("points_expiry", cron="0 3 * * *"),
    ScheduleInfo("birthday_emails", cron="5 * * * *"),
    ScheduleInfo("jobs_watchdog", interval=3600),
]


def _platform_since(session, moment):
    session.add(Merchant(name="Shop", created_at=moment))
    session.commit()


def _ran(session, name, succeeded_at, error=None):
    session.add(JobRun(name=name, last_started_at=succeeded_at, last_succeeded_at=succeeded_at, last_error=error))
    session.commit()


def _codes(report):
    return [a["code"] for a in report["alerts"]]


def test_a_fresh_install_is_not_late(session):
    _platform_since(session, NOW - timedelta(hours=1))
    report = jobs_report(session, NOW, SCHEDULES)
    assert report["alerts"] == [] and jobs_state(session, NOW, SCHEDULES) == "ok"
    assert report["jobs"][0] == {
        "name": "points_expiry",
        "schedule": "0 3 * * *",
        "last_started_at": None,
        "last_succeeded_at": None,
        "last_error": None,
    }
    assert report["jobs"][2]["schedule"] == "every 60 min"


def test_jobs_that_ran_on_time_are_ok(session):
    _platform_since(session, NOW - timedelta(days=30))
    _ran(session, "points_expiry", NOW - timedelta(hours=8, minutes=55))  # today 03:05
    _ran(session, "birthday_emails", NOW - timedelta(minutes=50))
    _ran(session, "jobs_watchdog", NOW - timedelta(minutes=30))
    assert jobs_report(session, NOW, SCHEDULES)["alerts"] == []
    assert jobs_state(session, NOW, SCHEDULES) == "ok"


def test_expiry_not_succeeded_in_26_hours_raises_its_alert_and_makes_jobs_late(session):
    _platform_since(session, NOW - timedelta(days=30))
    _ran(session, "birthday_emails", NOW - timedelta(minutes=50))
    _ran(session, "jobs_watchdog", NOW - timedelta(minutes=30))
    _ran(session, "points_expiry", NOW - timedelta(hours=25, minutes=59))
    assert _codes(jobs_report(session, NOW, SCHEDULES)) == [] and jobs_state(session, NOW, SCHEDULES) == "ok"
    later = NOW + timedelta(minutes=2)
    report = jobs_report(session, later, SCHEDULES)
    assert _codes(report) == ["EXPIRY_JOB_LATE"] and "26 hours" in report["alerts"][0]["message"]
    assert jobs_state(session, later, SCHEDULES) == "late"


def test_a_failing_job_is_an_alert_with_its_error(session):
    _platform_since(session, NOW - timedelta(days=30))
    job_health.mark_started(session, "birthday_emails", NOW - timedelta(minutes=5))
    job_health.mark_failed(session, "birthday_emails", "OperationalError: database is locked", NOW)
    report = jobs_report(session, NOW, SCHEDULES)
    assert "JOB_FAILING" in _codes(report)
    assert report["jobs"][1]["last_error"].endswith("OperationalError: database is locked")
    job_health.mark_succeeded(session, "birthday_emails", NOW + timedelta(minutes=1))
    assert "JOB_FAILING" not in _codes(jobs_report(session, NOW + timedelta(minutes=1), SCHEDULES))


def test_an_hourly_job_silent_for_three_hours_is_late(session):
    _platform_since(session, NOW - timedelta(days=30))
    _ran(session, "points_expiry", NOW - timedelta(hours=8, minutes=55))
    _ran(session, "jobs_watchdog", NOW - timedelta(minutes=30))
    _ran(session, "birthday_emails", NOW - timedelta(hours=3))
    assert _codes(jobs_report(session, NOW, SCHEDULES)) == ["JOB_LATE"]
    assert jobs_state(session, NOW, SCHEDULES) == "late"


def test_email_failure_rate_over_one_percent_in_24_hours_is_an_alert(session):
    _platform_since(session, NOW - timedelta(hours=1))

    def emails(count, status, at):
        session.add_all(
            [
                EmailLog(
                    template_code="loyalty_enrollment",
                    locale="en",
                    recipient=f"{status}{i}@x.test",
                    status=status,
                    created_at=at,
                )
                for i in range(count)
            ]
        )
        session.commit()

    emails(99, "sent", NOW - timedelta(hours=2))
    emails(1, "failed", NOW - timedelta(hours=2))
    emails(5, "failed", NOW - timedelta(hours=30))  # older than the window
    assert _codes(jobs_report(session, NOW, SCHEDULES)) == []
    emails(1, "failed", NOW - timedelta(hours=1))
    report = jobs_report(session, NOW, SCHEDULES)
    assert _codes(report) == ["EMAIL_FAILURE_RATE"] and "2 of 101" in report["alerts"][0]["message"]


def test_catch_up_names_the_jobs_whose_latest_slot_passed_without_success(session):
    _ran(session, "points_expiry", NOW - timedelta(hours=8, minutes=55))  # today 03:05
    _ran(session, "birthday_emails", NOW - timedelta(hours=2))
    assert job_health.due_for_catch_up(session, NOW, SCHEDULES) == ["birthday_emails", "jobs_watchdog"]


def test_redis_state_is_embedded_without_a_url():
    assert job_health.redis_state() == "embedded"
