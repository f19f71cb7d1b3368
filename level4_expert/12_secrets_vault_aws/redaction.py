"""No secret value in a log line, whichever logger writes it (ours, Flask's, botocore's, hvac's).

Every value the app reads from a secret store is remembered (`REDACTOR.remember`), and every log
record is scrubbed when it is made: its message and its traceback are rendered, and each known
value in them replaced by ****. A record factory (`logging.setLogRecordFactory`) sees every record
of every logger of the process, before any handler or formatter: a filter on one handler would
miss the others, and a filter on one logger misses the records of its children.
"""

from __future__ import annotations

import json
import logging
import threading
import traceback

MASK = "****"
MIN_LENGTH = 4  # shorter "secrets" are not replaced: "abc" would turn every log line to ****


class Redactor:
    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def remember(self, *values: object) -> None:
        with self._lock:
            for value in values:
                if isinstance(value, str) and len(value) >= MIN_LENGTH:
                    # as it is, and as it looks inside JSON (a debug dump of a response body)
                    self._values.update({value, json.dumps(value)[1:-1]})

    def redact(self, text: str) -> str:
        # exercise: start - replace every remembered value in text by MASK (the longest first)
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for value in values:  # longest first: a value that holds another is masked whole
            text = text.replace(value, MASK)
        return text
        # exercise: end

    def scrub(self, record: logging.LogRecord) -> logging.LogRecord:
        """The record with its message, traceback and stack rendered now, and redacted."""
        # exercise: start - render the message and the traceback now, redacted; drop exc_info
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: log what there is rather than fail
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = self.redact(message), ()
        if record.exc_info:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text = self.redact(text)
            record.exc_info = None  # the exception object itself holds the value: not kept
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        # exercise: end
        return record


REDACTOR = Redactor()  # one per process: the secrets any app in it has read


def install(redactor: Redactor = REDACTOR) -> None:
    """Scrub every log record the process makes from now on (once: a second call does nothing)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redactor", None) is redactor:
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        return redactor.scrub(previous(*args, **kwargs))

    factory.redactor = redactor
    logging.setLogRecordFactory(factory)
