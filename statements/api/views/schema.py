"""Shared pieces of the OpenAPI description: the error answers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

from ..serializers import ErrorSerializer

ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description='Invalid input: {"field": ["reason"]}.'),
    401: OpenApiResponse(ErrorSerializer, description="No or invalid token."),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not do this."),
    404: OpenApiResponse(ErrorSerializer, description="No such statement (or not public)."),
    409: OpenApiResponse(ErrorSerializer, description="Not allowed from the current state, or changed since."),
    413: OpenApiResponse(ErrorSerializer, description="Request body too large."),
}


def errors(*codes):
    """The documented error responses for these status codes."""
    return {code: ERRORS[code] for code in codes}
