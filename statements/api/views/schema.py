"""The OpenAPI description's shared part: every operation documents the errors any API view can answer."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

from ..serializers import ErrorSerializer

ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description='Invalid input: {"field": ["reason"]}.'),
    401: OpenApiResponse(ErrorSerializer, description="Invalid token (or none, where one is needed)."),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not do this."),
    404: OpenApiResponse(ErrorSerializer, description="Not found (or not public: the same answer)."),
    406: OpenApiResponse(ErrorSerializer, description="No representation for the Accept header."),
    409: OpenApiResponse(ErrorSerializer, description="Not allowed from the current state, or changed since."),
    413: OpenApiResponse(ErrorSerializer, description="Request body too large."),
    415: OpenApiResponse(ErrorSerializer, description="Unsupported request body type."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests: see Retry-After."),
}
READ_ERRORS = (400, 401, 404, 406, 429)


class ArchiveAutoSchema(AutoSchema):
    """AutoSchema plus the error answers (schemathesis rightly flags any status a schema leaves out)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = READ_ERRORS if self.method in ("GET", "HEAD") else ERRORS
        for code in codes:
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(ERRORS[code], str(code), direction=direction)
        return responses
