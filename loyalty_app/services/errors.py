"""Typed domain errors. Entry points map `code` to a status and `message_key` to a translated text."""


class DomainError(Exception):
    code = "DOMAIN_ERROR"
    message = "The operation was refused."

    def __init__(self, message: str | None = None, **details):
        self.details = details
        super().__init__(message or self.message)

    @property
    def text(self) -> str:
        return str(self)


class ValidationFailed(DomainError):
    code = "VALIDATION_ERROR"
    message = "Some fields are invalid."

    def __init__(self, fields: dict[str, str | list[str]], message: str | None = None):
        """`fields`: each failing field's problem codes; a single code may be given as a string."""
        self.fields: dict[str, list[str]] = {
            name: [codes] if isinstance(codes, str) else list(codes) for name, codes in fields.items()
        }
        super().__init__(message, fields=self.fields)


class NotFound(DomainError):
    code = "NOT_FOUND"
    message = "Not found."


class StoreNotFound(NotFound):
    code = "STORE_NOT_FOUND"
    message = "This store does not exist."


class CardNotFound(NotFound):
    code = "CARD_NOT_FOUND"
    message = "No card matches."


class RewardNotFound(NotFound):
    code = "REWARD_NOT_FOUND"
    message = "This reward is not in the catalog."


class TransactionNotFound(NotFound):
    code = "TRANSACTION_NOT_FOUND"
    message = "No such transaction."


class ProgramNotFound(NotFound):
    code = "PROGRAM_NOT_FOUND"
    message = "This merchant has no active program."


class StaffPinNotFound(NotFound):
    code = "STAFF_PIN_NOT_FOUND"
    message = "No such staff PIN."


class Conflict(DomainError):
    code = "CONFLICT"


class CooldownActive(Conflict):
    code = "COOLDOWN_ACTIVE"
    message = "This card was stamped moments ago; wait before stamping again."


class DailyLimitReached(Conflict):
    code = "DAILY_STAMP_LIMIT"
    message = "This card has reached its stamps for today."


class CardInactive(Conflict):
    code = "CARD_INACTIVE"
    message = "This card is deactivated."


class InsufficientStamps(Conflict):
    code = "INSUFFICIENT_STAMPS"
    message = "Not enough stamps for the reward."


class InsufficientPoints(Conflict):
    code = "INSUFFICIENT_POINTS"
    message = "Not enough points."


class AlreadyVoided(Conflict):
    code = "ALREADY_VOIDED"
    message = "This transaction was already voided."


class NotVoidable(Conflict):
    code = "NOT_VOIDABLE"
    message = "This kind of transaction cannot be voided."


class WrongProgramType(Conflict):
    code = "NOT_IN_PROGRAM"
    message = "The program of this card does not offer this operation."


class OrderReferenceConflict(Conflict):
    code = "ORDER_REFERENCE_CONFLICT"
    message = "This order reference was already used for a different purchase."


class AlreadyExists(Conflict):
    code = "ALREADY_EXISTS"
    message = "It already exists."


class CardAlreadyActive(Conflict):
    code = "CARD_ALREADY_ACTIVE"
    message = "This card is already active."


class BelowMinimumPurchase(DomainError):
    code = "BELOW_MINIMUM_PURCHASE"
    message = "The purchase is below the program's minimum."


class CrossLocationNotAllowed(DomainError):
    code = "CROSS_LOCATION_NOT_ALLOWED"
    message = "This card belongs to another store and can only be used there."


class PermissionDenied(DomainError):
    code = "FORBIDDEN"
    message = "You are not allowed to do this."


class PinRequired(DomainError):
    code = "PIN_REQUIRED"
    message = "A staff PIN is required."


class InvalidPin(DomainError):
    code = "INVALID_PIN"
    message = "Wrong staff PIN."


class PinLocked(DomainError):
    code = "PIN_LOCKED"
    message = "Too many wrong PINs: staff PINs of this store are locked for a while."


class ShiftExpired(DomainError):
    code = "SHIFT_EXPIRED"
    message = "The shift ended: the terminal sat idle too long. Enter a staff PIN again."


class InvalidCredentials(DomainError):
    code = "INVALID_CREDENTIALS"
    message = "Wrong email or password."


class TaskNotFound(NotFound):
    code = "TASK_NOT_FOUND"
    message = "No such task."


class TaskAlreadyRunning(Conflict):
    code = "TASK_RUNNING"
    message = "A task of this kind is already running; wait for it to finish."


class TaskOutputGone(NotFound):
    code = "TASK_OUTPUT_GONE"
    message = "This file is no longer kept; export it again."


class TaskNotFinished(Conflict):
    code = "TASK_NOT_FINISHED"
    message = "This task has not finished yet; its file can be downloaded once it has."


class RateLimited(DomainError):
    code = "RATE_LIMITED"
    message = "Too many requests: try again shortly."

    def __init__(self, retry_after: int, limit: str, message: str | None = None):
        super().__init__(message, limit=limit, retry_after_seconds=retry_after)
        self.retry_after = retry_after
