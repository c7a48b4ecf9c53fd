"""Platform default email templates: 7 codes in en, fr, de, lb, built from one shared layout.

Each locale module gives, per code, a subject and a list of blocks (paragraphs, the QR code,
wallet buttons, a link button). `build()` turns them into the subject, plain-text and HTML
Jinja sources stored as the platform defaults (merchant_id NULL) of `email_template`.
"""

from loyalty_app.services.email.defaults import de, en, fr, lb

CODES = (
    "loyalty_enrollment",
    "loyalty_welcome_bonus",
    "loyalty_points_expiring",
    "loyalty_points_expired",
    "loyalty_reward_ready",
    "loyalty_birthday",
    "loyalty_reengagement",
)
MARKETING_CODES = frozenset({"loyalty_birthday", "loyalty_reengagement"})
LOCALES = ("en", "fr", "de", "lb")
_TEXTS = {"en": en.TEXTS, "fr": fr.TEXTS, "de": de.TEXTS, "lb": lb.TEXTS}

_HTML_HEAD = (
    '<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width"><title>{{{{ subject }}}}</title></head>\n'
    '<body style="margin:0;padding:24px;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;color:#18181b">\n'
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:12px;overflow:hidden">\n'
    '<div style="background:{{{{ card_color }}}};color:#ffffff;padding:20px 24px;font-size:20px;font-weight:bold">'
    "{{{{ card_name }}}}</div>\n"
    '<div style="padding:24px;font-size:16px;line-height:1.5">\n'
)
_HTML_FOOT = (
    '</div>\n<div style="padding:16px 24px;font-size:12px;color:#71717a;border-top:1px solid #e4e4e7">'
    "{footer}</div>\n</div>\n</body></html>\n"
)


def _html_block(block, t: dict) -> str:
    if isinstance(block, str):
        return "<p>" + block.replace("\n", "<br>") + "</p>\n"
    kind = block[0]
    if kind == "qr":
        return (
            '<p style="text-align:center"><img src="cid:{{ qr_cid }}" width="220" height="220" '
            f'alt="{t["qr_alt"]}"></p>\n'
        )
    if kind == "wallet":
        style = (
            "display:inline-block;margin:4px;padding:10px 16px;border-radius:8px;background:#000;color:#fff;"
            "text-decoration:none"
        )
        return (
            '{% if google_wallet_url or apple_wallet_url %}<p style="text-align:center">'
            f'{{% if google_wallet_url %}}<a href="{{{{ google_wallet_url }}}}" style="{style}">'
            f"{t['google_wallet']}</a>{{% endif %}}"
            f'{{% if apple_wallet_url %}}<a href="{{{{ apple_wallet_url }}}}" style="{style}">'
            f"{t['apple_wallet']}</a>{{% endif %}}</p>{{% endif %}}\n"
        )
    if kind == "button":
        style = (
            "display:inline-block;padding:12px 20px;border-radius:8px;background:{{ card_color }};"
            "color:#ffffff;text-decoration:none;font-weight:bold"
        )
        return f'<p style="text-align:center"><a href="{{{{ {block[1]} }}}}" style="{style}">{t["view_card"]}</a></p>\n'
    raise ValueError(f"unknown block {block!r}")


def _text_block(block, t: dict) -> str | None:
    if isinstance(block, str):
        return block
    kind = block[0]
    if kind == "qr":
        return None
    if kind == "wallet":
        return (
            "{% if google_wallet_url %}" + t["google_wallet"] + ": {{ google_wallet_url }}\n{% endif %}"
            "{% if apple_wallet_url %}" + t["apple_wallet"] + ": {{ apple_wallet_url }}\n{% endif %}"
        )
    if kind == "button":
        return f"{t['view_card']}: {{{{ {block[1]} }}}}"
    raise ValueError(f"unknown block {block!r}")


def build(code: str, locale: str) -> dict[str, str]:
    """Subject, body_text and body_html (Jinja sources) of one platform default."""
    t = _TEXTS[locale]
    spec = t[code]
    footer = t["footer_marketing"] if code in MARKETING_CODES else t["footer"]
    blocks = [t["greeting"], *spec["blocks"], t["signoff"]]
    text_parts = [p for p in (_text_block(b, t) for b in blocks) if p]
    body_text = "\n\n".join(text_parts) + "\n\n-- \n" + footer + "\n"
    body_html = (
        _HTML_HEAD.format(lang=locale) + "".join(_html_block(b, t) for b in blocks) + _HTML_FOOT.format(footer=footer)
    )
    return {"subject": spec["subject"], "body_text": body_text, "body_html": body_html}


def all_defaults() -> list[dict[str, str]]:
    """Every platform default row: code, locale, subject, body_text, body_html."""
    return [{"code": code, "locale": locale, **build(code, locale)} for code in CODES for locale in LOCALES]
