"""Every table, imported in one place so Alembic, the app and the workers all see them."""

from .apple import AppleDeviceRegistration
from .audit import AuditLog, JobRun
from .base import UTCDateTime, utcnow
from .card import CardActivityMonth, LoyaltyCard
from .customer import Customer
from .customer_login import CustomerSignInLink
from .email import EmailLog, EmailTemplate
from .ledger import TX_TYPES, LoyaltyTransaction, TxType
from .merchant import Merchant, Store
from .program import LOYALTY_TYPES, LoyaltyProgram
from .sale import Sale
from .staff import StaffPin
from .task import TASK_KINDS, TASK_STATUSES, BackgroundTask
from .user import ROLES, User

__all__ = [
    "AppleDeviceRegistration",
    "AuditLog",
    "BackgroundTask",
    "CardActivityMonth",
    "Customer",
    "CustomerSignInLink",
    "EmailLog",
    "EmailTemplate",
    "JobRun",
    "LOYALTY_TYPES",
    "LoyaltyCard",
    "LoyaltyProgram",
    "LoyaltyTransaction",
    "Merchant",
    "ROLES",
    "Sale",
    "StaffPin",
    "Store",
    "TASK_KINDS",
    "TASK_STATUSES",
    "TX_TYPES",
    "TxType",
    "UTCDateTime",
    "User",
    "utcnow",
]
