"""The admin console's texts: the same keys in en, fr, de and lb, and a text for every key built at run time."""

import json
from pathlib import Path

from loyalty_app.i18n import LOCALES, catalog
from loyalty_app.models.email import EMAIL_STATUSES
from loyalty_app.pages.admin.overview import ALERT_CODES, TILES
from loyalty_app.services.email.defaults import CODES

AREA = Path(__file__).resolve().parents[2] / "loyalty_app" / "i18n" / "admin"


def test_every_locale_of_the_admin_area_has_exactly_the_english_keys():
    english = set(json.loads((AREA / "en.json").read_text(encoding="utf-8")))
    for locale in LOCALES:
        keys = set(json.loads((AREA / f"{locale}.json").read_text(encoding="utf-8")))
        assert keys == english, f"{locale}: missing {sorted(english - keys)}, extra {sorted(keys - english)}"


def test_every_key_the_admin_pages_build_at_run_time_has_a_text():
    built = (
        [f"admin.stat.{k}" for k in TILES]
        + [f"admin.alert.{c}" for c in ALERT_CODES | {"OTHER"}]
        + [f"admin.template.{c}" for c in CODES]
        + [f"admin.email.{s}" for s in EMAIL_STATUSES]
        + [f"admin.program.{p}" for p in ("stamps", "points", "hybrid", "none")]
        + [f"admin.health.{p}" for p in ("database", "redis", "jobs")]
        + [f"admin.trash.{k}_restored" for k in ("card", "program", "merchant")]
        + [
            f"admin.problem.{p}"
            for p in (
                "required",
                "too_long",
                "out_of_range",
                "invalid_choice",
                "invalid_template",
                "render_failed",
                "invalid_email",
                "pin_format",
                "pin_taken",
                "confirmation_mismatch",
            )
        ]
    )
    for locale in LOCALES:
        missing = [key for key in built if key not in catalog(locale)]
        assert not missing, f"{locale} lacks {missing}"
