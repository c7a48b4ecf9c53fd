"""The demo's sign-ins and staff PINs: one definition for the seed and for the tests that sign in with them."""

DEMO_PASSWORD = "demo-password"  # every demo account's
ADMIN_EMAIL = "admin@example.com"
LUMIERE_OWNER = "owner.lumiere@example.com"
LUMIERE_STAFF = "staff.lumiere@example.com"  # at lumiere-centre
ATELIER_OWNER = "owner.atelier@example.com"
ATELIER_STAFF = "staff.atelier@example.com"  # at atelier-ville
# Store code -> (staff name, PIN).
STAFF_PINS = {
    "lumiere-centre": ("Marie", "1234"),
    "lumiere-gare": ("Luc", "5678"),
    "atelier-ville": ("Sophie", "4321"),
    "atelier-kirchberg": ("Jonas", "8765"),
}
PINS = {store: pin for store, (_, pin) in STAFF_PINS.items()}
