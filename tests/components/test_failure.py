"""A refused action reads as one sentence; each field of a refused form gets its own problem."""

from loyalty_app.components.failure import failure_key, failure_text, field_problem_keys, field_problems
from loyalty_app.i18n import t
from loyalty_app.services import errors


def test_a_validation_error_names_its_first_field_and_problem():
    exc = errors.ValidationFailed({"name": ["required", "too_long"]})
    label, problem = t("merchant.field.name", "en"), t("merchant.problem.required", "en")
    assert failure_text(exc, "merchant", "en") == f"{label}: {problem}"


def test_a_field_without_a_label_shows_the_problem_alone():
    exc = errors.ValidationFailed({"no_such_field": "required"})
    assert failure_text(exc, "admin", "fr") == t("admin.problem.required", "fr")


def test_an_admin_file_line_problem_says_which_line():
    exc = errors.ValidationFailed({"line_3": "invalid_email"})
    assert failure_text(exc, "admin", "en") == t(
        "admin.problem.line", "en", line="3", problem=t("admin.problem.invalid_email", "en")
    )


def test_other_errors_read_as_their_translated_message():
    assert failure_text(errors.PermissionDenied(), "merchant", "de") == t(f"error.{errors.PermissionDenied.code}", "de")
    assert failure_key(errors.PermissionDenied()) == f"error.{errors.PermissionDenied.code}"


def test_field_problems_take_the_first_code_of_each_field_and_fall_back_to_invalid():
    fields = {"email": ["invalid_email", "too_long"], "phone": ["invalid_phone"], "birthday": "unheard_of"}
    assert field_problem_keys(fields, "storefront") == {
        "email": "storefront.problem.invalid_email",
        "phone": "storefront.problem.invalid_phone",
        "birthday": "storefront.problem.invalid",
    }
    assert field_problems(errors.ValidationFailed(fields), "storefront", "fr")["email"] == t(
        "storefront.problem.invalid_email", "fr"
    )
