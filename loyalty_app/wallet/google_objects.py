"""The loyalty class (one per program) and object (one per card) exactly as they are sent to Google."""

from loyalty_app.models.card import format_card_number

from ..settings import Settings
from .google import class_id, object_id
from .labels import label


def logo_uri(settings: Settings, program) -> str:
    """Google fetches the logo itself: the program's own (made absolute) or the one we draw."""
    base = settings.public_base_url.rstrip("/")
    if program.logo_url:
        return program.logo_url if program.logo_url.startswith("http") else base + program.logo_url
    return f"{base}/api/v1/storefront/wallet/programs/{program.id}/logo.png"


def loyalty_class(settings: Settings, program, merchant) -> dict:
    return {
        "id": class_id(settings, program),
        "issuerName": merchant.name[:100],
        "programName": program.card_name,
        "programLogo": {
            "sourceUri": {"uri": logo_uri(settings, program)},
            "contentDescription": {"defaultValue": {"language": "en", "value": program.card_name}},
        },
        "hexBackgroundColor": program.card_color,
        # Google sets APPROVED itself; UNDER_REVIEW is what a class being created or updated must carry.
        "reviewStatus": "UNDER_REVIEW",
    }


def customer_name(customer) -> str | None:
    if customer is None or customer.anonymized_at is not None:
        return None
    return " ".join(p for p in (customer.first_name, customer.last_name) if p) or None


def loyalty_object(settings: Settings, card, program, customer) -> dict:
    locale = customer.locale if customer else None
    number = format_card_number(card.card_number)
    obj = {
        "id": object_id(settings, card),
        "classId": class_id(settings, program),
        "state": "ACTIVE" if card.is_active and card.deleted_at is None else "INACTIVE",
        "accountId": card.card_number,
        "accountName": customer_name(customer) or number,
        "barcode": {"type": "QR_CODE", "value": card.qr_token, "alternateText": number},
        "hexBackgroundColor": program.card_color,
    }
    stamps = {"label": label("stamps", locale), "balance": {"string": f"{card.stamp_count} / {program.stamps_target}"}}
    points = {"label": label("points", locale), "balance": {"int": card.points_balance}}
    obj["loyaltyPoints"] = points if program.collects_points else stamps
    if program.collects_points and program.collects_stamps:
        obj["secondaryLoyaltyPoints"] = stamps
    return obj
