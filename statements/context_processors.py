from django.conf import settings

from .roles import is_editor


def site(request):
    # Lazy: templates call it only where a desk link needs it, so public pages pay nothing.
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "user_is_editor": lambda: is_editor(request.user),
    }
