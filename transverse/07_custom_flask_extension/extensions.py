"""The app's extension instances: made once, here, with no app (the factory pattern)."""

from flask_auditlog import AuditLog

audit = AuditLog()
