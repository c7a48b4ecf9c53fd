"""The card's QR code as a PNG: it encodes the card's QR token, which the terminal looks up."""

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def card_qr_png(qr_token: str, box_size: int = 8) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=2)
    code.add_data(qr_token)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()
