"""The log setup survives any record: clashing `extra` keys, non-str messages, bad % arguments."""

import io
import json
import logging

import pytest

from loyalty_app.logging_setup import SafeFormatter, SafeStreamHandler, install_safe_records


class Unprintable:
    def __str__(self):
        raise ValueError("no str")

    def __repr__(self):
        raise ValueError("no repr")


@pytest.fixture
def logged(restore_make_record):
    """A fresh logger writing through the safe handler into a buffer, as text and as JSON lines."""
    install_safe_records()
    text, lines = io.StringIO(), io.StringIO()
    # Outside the logger registry: pytest attaches its own (strict) capture handler to registered loggers.
    logger = logging.Logger("tests.safe_logging", logging.DEBUG)
    logger.propagate = False
    for stream, json_lines in ((text, False), (lines, True)):
        handler = SafeStreamHandler(stream)
        handler.setFormatter(SafeFormatter(json_lines=json_lines))
        logger.addHandler(handler)
    yield logger, text, lines


@pytest.fixture
def restore_make_record():
    original = logging.Logger.makeRecord
    yield
    logging.Logger.makeRecord = original


def test_extra_keys_that_clash_with_record_attributes_are_kept_under_another_name(logged):
    logger, text, lines = logged
    logger.error("card %s refused", 7, extra={"name": "Ada", "message": "hi", "msg": 1, "args": 2, "store": "x"})
    assert "card 7 refused" in text.getvalue()
    record = json.loads(lines.getvalue())
    assert record["message"] == "card 7 refused" and record["logger"] == "tests.safe_logging"
    assert (record["extra_name"], record["extra_message"], record["extra_msg"]) == ("Ada", "hi", 1)
    assert record["store"] == "x"


def test_bad_percent_arguments_are_written_instead_of_raising(logged):
    logger, text, lines = logged
    logger.warning("%d points for %s", "many")
    logger.warning("no placeholder", "surplus")
    out = text.getvalue()
    assert "%d points for %s | args=('many',) [unformattable log record: TypeError" in out
    assert "no placeholder | args=('surplus',)" in out
    assert len(lines.getvalue().splitlines()) == 2


def test_non_string_and_unprintable_messages_are_written(logged):
    logger, text, lines = logged
    logger.info({"card": 7})
    logger.info(Unprintable())
    logger.info("value: %s", Unprintable())
    out = text.getvalue()
    assert "{'card': 7}" in out and out.count("<unprintable Unprintable>") >= 2
    assert len(lines.getvalue().splitlines()) == 3


def test_exceptions_and_odd_extra_values_still_log(logged):
    logger, text, lines = logged
    try:
        raise RuntimeError("SMTP down")
    except RuntimeError:
        logger.exception("send failed", extra={"email": Unprintable()})
    logger.info("not a mapping", extra="oops")
    record = json.loads(lines.getvalue().splitlines()[0])
    assert "RuntimeError: SMTP down" in record["exception"] and record["email"] == "<unprintable Unprintable>"
    assert "not a mapping" in text.getvalue()


def test_a_broken_stream_costs_one_line_not_an_exception(capfd):
    class Broken(io.StringIO):
        def write(self, s):
            raise OSError("disk gone")

    handler = SafeStreamHandler(Broken())
    handler.setFormatter(SafeFormatter())
    handler.handle(logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), None))
    assert capfd.readouterr().err == "logging error in x: disk gone\n"
