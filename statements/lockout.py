"""What a locked-out sign-in sees: JSON {"detail"} on the API like every other API error, a page elsewhere."""

from axes.helpers import get_lockout_message
from django.conf import settings
from django.http import HttpResponse, JsonResponse

MESSAGE = "Too many failed sign-ins for this account from this address; try again in an hour."


def lockout_response(request, original_response=None, credentials=None):
    retry_after = str(int(settings.AXES_COOLOFF_TIME * 3600))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE}, status=429)
    else:
        response = HttpResponse(get_lockout_message(), status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = retry_after
    return response
