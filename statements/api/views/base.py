"""What every API view shares: input guards, the anonymous rate limit, and ETag / 304 on reads."""

import hashlib

from django.utils.cache import get_conditional_response, patch_vary_headers
from rest_framework.response import Response

from ..guards import check_query, check_request_size
from ..throttling import AnonThrottle
from .schema import ArchiveAutoSchema


class ArchiveAPIMixin:
    throttle_classes = [AnonThrottle]
    schema = ArchiveAutoSchema()

    def initial(self, request, *args, **kwargs):
        check_request_size(request)
        check_query(request, kwargs)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and request.method in ("GET", "HEAD"):
            # Anonymous and desk answers differ for one URL: no cache may hand one to the other.
            patch_vary_headers(response, ["Authorization"])
            if response.status_code == 200:
                return self._conditional(request, response)
        return response

    def _conditional(self, request, response):
        """ETag from the bytes sent: it changes exactly when what this client sees changes (a draft never
        changes a public answer), and costs one hash instead of a query over the whole table."""
        response.render()
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        not_modified = get_conditional_response(request._request, etag=response["ETag"], response=response)
        return not_modified
