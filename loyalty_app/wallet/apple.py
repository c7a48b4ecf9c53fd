"""The Apple Wallet store card: pass.json with the program's branding, and its icon and logo images."""

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from loyalty_app.models.card import format_card_number

from ..settings import PROJECT_ROOT, Settings
from .google_objects import customer_name
from .labels import label

ASSETS = PROJECT_ROOT / "assets" / "wallet"  # icon.png, logo.png (and @2x/@3x) here replace the drawn ones
ICON_SIZES = {"icon.png": (29, 29), "icon@2x.png": (58, 58), "icon@3x.png": (87, 87)}
LOGO_SIZES = {"logo.png": (160, 50), "logo@2x.png": (320, 100), "logo@3x.png": (480, 150)}


def web_service_url(settings: Settings) -> str:
    return settings.apple_web_service_url or settings.public_base_url.rstrip("/") + "/api/v1/apple"


def _rgb(hex_color: str) -> tuple[int, int, int]:
    value = hex_color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _css(rgb: tuple[int, int, int]) -> str:
    return f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})"


def text_color(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """White on dark colours, near-black on light ones (relative luminance)."""
    r, g, b = background
    return (255, 255, 255) if 0.2126 * r + 0.7152 * g + 0.0722 * b < 150 else (17, 24, 39)


def _front_fields(card, program, customer, locale: str) -> dict[str, list[dict]]:
    """The pass front: the main balance, the second balance of a hybrid program, the member, the stamp reward."""
    points = {
        "key": "points",
        "label": label("points", locale),
        "value": card.points_balance,
        "changeMessage": label("points_changed", locale),
    }
    stamps = {
        "key": "stamps",
        "label": label("stamps", locale),
        "value": f"{card.stamp_count} / {program.stamps_target}",
        "changeMessage": label("stamps_changed", locale),
    }
    primary, secondary = ([points], []) if program.collects_points else ([stamps], [])
    if program.collects_points and program.collects_stamps:
        secondary.append(stamps)
    name = customer_name(customer)
    if name:
        secondary.append({"key": "member", "label": label("member", locale), "value": name})
    auxiliary = []
    if program.collects_stamps and program.stamps_reward_description:
        auxiliary.append(
            {"key": "reward", "label": label("reward", locale), "value": program.stamps_reward_description}
        )
    return {"primaryFields": primary, "secondaryFields": secondary, "auxiliaryFields": auxiliary}


def _back_fields(card, program, locale: str, inactive: bool) -> list[dict]:
    back = [
        {"key": "card_number", "label": label("card_number", locale), "value": format_card_number(card.card_number)}
    ]
    if program.terms_url or program.terms_text:
        back.append(
            {"key": "terms", "label": label("terms", locale), "value": program.terms_url or program.terms_text[:2000]}
        )
    if inactive:
        back.insert(0, {"key": "status", "label": label("status", locale), "value": label("inactive", locale)})
    return back


def pass_json(settings: Settings, card, program, merchant, customer) -> dict:
    locale = customer.locale if customer else merchant.default_locale
    background = _rgb(program.card_color)
    foreground = text_color(background)
    inactive = not card.is_active or card.deleted_at is not None
    document = {
        "formatVersion": 1,
        "passTypeIdentifier": settings.apple_pass_type_id,
        "teamIdentifier": settings.apple_team_id,
        "serialNumber": card.card_number,
        "organizationName": merchant.name,
        "description": program.card_name,
        "logoText": program.card_name,
        "backgroundColor": _css(background),
        "foregroundColor": _css(foreground),
        "labelColor": _css(foreground),
        "webServiceURL": web_service_url(settings),
        "authenticationToken": card.apple_auth_token,
        "barcodes": [
            {
                "format": "PKBarcodeFormatQR",
                "message": card.qr_token,
                "messageEncoding": "iso-8859-1",
                "altText": format_card_number(card.card_number),
            }
        ],
        "storeCard": {
            **_front_fields(card, program, customer, locale),
            "backFields": _back_fields(card, program, locale, inactive),
        },
    }
    if inactive:
        document["voided"] = True
    return document


def images(program) -> dict[str, bytes]:
    """icon.png is required by Wallet; logo.png shows top left. Operator files in assets/wallet/ win."""
    drawn = _drawn_images(program.card_name, program.card_color)
    return {name: (ASSETS / name).read_bytes() if (ASSETS / name).is_file() else data for name, data in drawn.items()}


@lru_cache(maxsize=64)
def _drawn_images(card_name: str, card_color: str) -> dict[str, bytes]:
    background = _rgb(card_color)
    out = {name: _icon(size, background, card_name) for name, size in ICON_SIZES.items()}
    out |= {name: _logo(size, text_color(background), card_name) for name, size in LOGO_SIZES.items()}
    return out


def program_logo(card_name: str, card_color: str, size: int = 660) -> bytes:
    """A square logo for Google's class when the program has none (Google asks for 660 x 660)."""
    return _icon((size, size), _rgb(card_color), card_name)


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _icon(size: tuple[int, int], background: tuple[int, int, int], card_name: str) -> bytes:
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=int(size[1] * 0.6))
    initial = (card_name.strip()[:1] or "?").upper()
    draw.text((size[0] / 2, size[1] / 2), initial, fill=text_color(background), font=font, anchor="mm")
    return _png(image)


def _logo(size: tuple[int, int], color: tuple[int, int, int], card_name: str) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=int(size[1] * 0.5))
    initial = (card_name.strip()[:1] or "?").upper()
    radius = size[1] // 2 - 2
    draw.ellipse((2, 2, 2 + 2 * radius, 2 + 2 * radius), fill=(*color, 255))
    draw.text((2 + radius, size[1] / 2), initial, fill=(0, 0, 0, 0), font=font, anchor="mm")
    return _png(image)
