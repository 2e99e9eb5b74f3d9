from django.utils.cache import add_never_cache_headers, patch_cache_control


class DeskCacheControlMiddleware:
    """Responses for signed-in users are private: no shared cache may keep a desk view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        desk_request = request.path.startswith("/admin/") or (user is not None and user.is_authenticated)
        if desk_request or "HTTP_AUTHORIZATION" in request.META:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response


class PublicReadMiddleware:
    """Let anonymous GET/HEAD requests read from the replica (when one is configured)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from archive.routers import public_read

        user = getattr(request, "user", None)
        anonymous = user is None or not user.is_authenticated
        safe = request.method in ("GET", "HEAD") and "HTTP_AUTHORIZATION" not in request.META
        token = public_read.set(anonymous and safe and not request.path.startswith("/admin/"))
        try:
            return self.get_response(request)
        finally:
            public_read.reset(token)
