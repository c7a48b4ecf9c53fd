"""Block markers the locale texts use besides plain paragraphs."""

QR = ("qr",)
WALLET = ("wallet",)
CARD_BUTTON = ("button", "card_url")
