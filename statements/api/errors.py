"""API errors are JSON: {"field": ["reason"]} for validation, {"detail": "..."} otherwise; never a 500 for input.

Besides DRF's own exceptions this maps the archive's: a workflow refusal keeps its HTTP code
(409 not allowed from this state or changed meanwhile, 403 not this actor's role), a model
ValidationError names its fields, and a database refusal of a value is a 400.
"""

import logging

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from ..workflow import WorkflowError

log = logging.getLogger(__name__)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


def validation_errors(exc):
    """A Django ValidationError as {"field": ["reason"]}; errors on no field go under non_field_errors."""
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": exc.messages}
    return {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}


def exception_handler(exc, context):
    """DRF's handler, extended to the archive's own exceptions (see the module docstring)."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_errors(exc))
    elif isinstance(exc, WorkflowError):
        set_rollback()
        return Response({"detail": exc.message}, status=exc.code)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, DataError):
        log.info("Database refused a value: %s", exc)
        exc = exceptions.ValidationError({"non_field_errors": ["A value is not valid for the archive."]})
    elif isinstance(exc, (IntegrityError, ProtectedError)):
        log.info("Database refused a change: %s", exc)
        set_rollback()
        return Response({"detail": "This conflicts with what is already in the archive."}, status=409)
    return drf_exception_handler(exc, context)
