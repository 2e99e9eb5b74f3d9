"""Public reads may go to a read replica; everything a desk user does stays on the primary.

Desk users must read their own writes, and replicas lag; anonymous GETs tolerate a little lag.
`statements.middleware.PublicReadMiddleware` marks the requests that may use the replica.
"""

import contextvars

public_read = contextvars.ContextVar("public_read", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return "replica" if public_read.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
