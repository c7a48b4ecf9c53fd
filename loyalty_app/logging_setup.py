"""Logging that cannot crash on any record (an earlier system lost every error log to that).

- `extra` keys that clash with LogRecord attributes (`name`, `msg`, `message`, ...) would make
  the logging call itself raise KeyError; `configure_logging` renames them to `extra_<key>`.
- A message whose `%` arguments do not fit, or whose `str()` raises, is written as a fallback
  line with the raw message and arguments instead of an exception.
- Output is text or JSON lines; JSON carries the `extra` fields, each made printable.
"""

import json
import logging
import sys
from collections.abc import Mapping

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d:%(threadName)s] %(message)s"
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_original_make_record = logging.Logger.makeRecord
_MARK = "_loyalty_safe_handler"


def printable(value, limit: int = 10_000, first=str) -> str:
    """str(value) (or repr first), else the other, else a placeholder: never raises."""
    for convert in (first, repr if first is str else str):
        try:
            return convert(value)[:limit]
        except Exception:  # a broken __str__/__repr__ is exactly what we must survive
            continue
    return f"<unprintable {type(value).__name__}>"


def _safe_make_record(self, name, level, fn, lno, msg, args, exc_info, func=None, extra=None, sinfo=None):
    try:
        return _original_make_record(self, name, level, fn, lno, msg, args, exc_info, func, extra, sinfo)
    except (KeyError, TypeError, AttributeError):
        record = _original_make_record(self, name, level, fn, lno, msg, args, exc_info, func, None, sinfo)
        items = extra.items() if isinstance(extra, Mapping) else [("value", extra)]
        for key, value in items:
            attr = key if isinstance(key, str) else printable(key, 100)
            while attr in record.__dict__ or attr in ("message", "asctime"):
                attr = f"extra_{attr}"
            record.__dict__[attr] = value
        return record


def install_safe_records() -> None:
    """Make every logger rename clashing `extra` keys instead of raising (idempotent)."""
    logging.Logger.makeRecord = _safe_make_record


def _printable_args(args) -> str:
    if isinstance(args, tuple):
        return "(" + ", ".join(printable(a, 1000, repr) for a in args) + ("," if len(args) == 1 else "") + ")"
    if isinstance(args, Mapping):
        return "{" + ", ".join(f"{printable(k, 100, repr)}: {printable(v, 1000, repr)}" for k, v in args.items()) + "}"
    return printable(args, first=repr)


def _time(formatter: logging.Formatter, record: logging.LogRecord) -> str:
    try:
        return formatter.formatTime(record, formatter.datefmt)
    except Exception:  # a record without a usable `created`
        return "?"


class SafeFormatter(logging.Formatter):
    def __init__(self, fmt: str = TEXT_FORMAT, datefmt: str | None = None, json_lines: bool = False):
        super().__init__(fmt, datefmt)
        self.json_lines = json_lines

    def format(self, record: logging.LogRecord) -> str:
        try:
            text = super().format(record)
            message = record.message
        except Exception as exc:
            message = (
                f"{printable(record.msg)} | args={_printable_args(record.args)} "
                f"[unformattable log record: {type(exc).__name__}: {printable(exc)}]"
            )
            level, name = printable(getattr(record, "levelname", "?")), printable(getattr(record, "name", "?"))
            text = f"{_time(self, record)} {level} {name}: {message}"
        if not self.json_lines:
            return text
        return self._json(record, message)

    def _json(self, record: logging.LogRecord, message: str) -> str:
        data = {
            "time": printable(getattr(record, "created", "")),
            "level": printable(record.levelname),
            "logger": printable(record.name),
            "message": message,
        }
        if record.exc_info:
            try:
                data["exception"] = self.formatException(record.exc_info)
            except Exception as exc:
                data["exception"] = f"<unformattable exception: {printable(exc)}>"
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and key not in data:
                data[printable(key, 100)] = (
                    value if isinstance(value, (int, float, bool, type(None))) else printable(value)
                )
        return json.dumps(data, ensure_ascii=False, default=printable)


class SafeStreamHandler(logging.StreamHandler):
    def handleError(self, record: logging.LogRecord) -> None:
        """A broken stream or formatter costs one line on stderr, never an exception or a traceback storm."""
        try:
            sys.__stderr__.write(
                f"logging error in {printable(getattr(record, 'name', '?'))}: {printable(sys.exc_info()[1])}\n"
            )
        except Exception:  # stderr itself is gone: nothing left to tell
            pass


def configure_logging(level: int | str = logging.INFO, json_lines: bool = False) -> logging.Handler:
    """Safe records plus one safe handler on the root logger (idempotent)."""
    install_safe_records()
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, _MARK, False):
            return handler
    handler = SafeStreamHandler()
    setattr(handler, _MARK, True)
    handler.setFormatter(SafeFormatter(json_lines=json_lines))
    root.addHandler(handler)
    root.setLevel(level)
    return handler
