"""POST /api/v1/auth/token/: a token for `Authorization: Token <key>`, through Django's authenticate()."""

from django.contrib.auth import authenticate
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..guards import check_data
from ..serializers import TokenRequestSerializer, TokenSerializer
from .base import ArchiveAPIMixin

FAILED = "Unable to sign in with these credentials."


class TokenView(ArchiveAPIMixin, APIView):
    # No authentication on this view: it is how one gets credentials (and no CSRF cookie applies).
    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        summary="Exchange a username and password for an API token",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer,
                   429: OpenApiResponse(OpenApiTypes.OBJECT, description="Locked out, or throttled.")},
        auth=[],
    )
    def post(self, request):
        check_data(request.data)
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Through authenticate(request=...) so django-axes counts failures and locks out per user and address;
        # marked as an XHR so that axes answers a lock-out here in JSON (429), like the rest of the API.
        request._request.META["HTTP_X_REQUESTED_WITH"] = "XMLHttpRequest"
        user = authenticate(request=request._request, **serializer.validated_data)
        if user is None or not user.is_active:
            # One message whether or not the account exists.
            raise ValidationError({"non_field_errors": [FAILED]})
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
