"""The public page cache and conditional GET.

Anonymous GETs of public pages and feeds are kept in the Django cache under a *generation* key.
Any public change (publish, correction, retraction, verdict) starts a new generation, so no
stale page outlives the change. Desk users never read or fill this cache.

ETags are a hash of the page body (Django's set_response_etag): they change exactly when what
the public sees changes, and a draft being created or edited cannot move them.
"""

import contextvars
import functools
import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

from .signals import content_changed, public_changed

GENERATION_KEY = "public-pages:generation"
CACHE_HEADER = "X-Archive-Cache"
# The generation a public page is being rendered under: read once per request, not once per memo
# (with Redis each read is a round trip; a page asks for five or more memos).
_pinned = contextvars.ContextVar("public_generation", default=None)
# Memos already fetched by this process, by key. A key names its generation and a generation's
# values never change, so a copy here cannot be stale; it saves unpickling the menus and the
# chart on every page. Emptied when full: a bound, not an LRU.
_local = {}
LOCAL_MAX = 512


def generation():
    """The current public generation (a random token; a cold cache starts a new one)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def new_generation():
    """Forget every cached public page at once (old entries are never read again)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


@receiver(public_changed, dispatch_uid="statements.caching.public_changed")
def _on_public_change(sender, **kwargs):
    # After commit: a page rendered from the old data during the transaction is dropped here.
    new_generation()


@receiver(content_changed, dispatch_uid="statements.caching.content_changed")
def _on_content_change(sender, statement=None, **kwargs):
    # Inside the transaction: drafts change nothing public, so only public statements bump it.
    if statement is not None and statement.is_public:
        new_generation()


def _names_changed(sender, raw=False, created=False, **kwargs):
    # Pages, menus and list rows show these names: a renamed speaker or outlet must not wait for the
    # cache timeout. After commit, as for public_changed: a rolled-back edit changes nothing. A new
    # speaker, outlet or topic is on no public page until a statement naming it is published (which
    # starts a generation itself), so entering one for a draft keeps the cache; a new alias shows at
    # once on its speaker's page.
    if raw or (created and sender._meta.model_name != "speakeralias"):
        return
    transaction.on_commit(new_generation)


def _connect_name_receivers():
    from .models import Outlet, Speaker, SpeakerAlias, Topic

    for model in (Speaker, SpeakerAlias, Outlet, Topic):
        for event, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(_names_changed, sender=model, dispatch_uid=f"caching.{model.__name__}.{event}")


_connect_name_receivers()


def is_cacheable(request):
    """Anonymous GET/HEAD without credentials; everything else is rendered fresh and kept private."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def page_timeout():
    """Entries die with their generation anyway; the timeout bounds memory, and the staleness a read
    replica could cause (a page rendered from a lagging replica right after a change)."""
    return settings.PUBLIC_CACHE_SECONDS


def cached_value(name, parts, compute):
    """Memoise `compute()` for this generation: the chart and the capped count of a filter set."""
    key = _key(name, parts)
    value = _local.get(key)
    if value is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, page_timeout())
    if len(_local) >= LOCAL_MAX:
        _local.clear()
    _local[key] = value
    return value


def cached_for(cacheable, name, parts, compute):
    """cached_value for public requests; desk users (`cacheable` false) neither read nor fill the
    cache: their numbers are the same, only fresher."""
    return cached_value(name, parts, compute) if cacheable else compute()


def cached_outside_transactions(connection, name, parts, compute):
    """cached_value, except inside a transaction: the database may then hold uncommitted rows no
    other request may see, so the value is computed afresh and not kept."""
    return compute() if connection.in_atomic_block else cached_value(name, parts, compute)


def _key(name, parts):
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"public:{generation()}:{name}:{digest}"


KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Content-Language")


def _store(key, response):
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    cache.set(key, (response.status_code, headers, response.content), page_timeout())


def _rebuild(stored):
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def public_page(view):
    """Decorate a public view: shared cache headers, ETag, 304 on If-None-Match, the page cache."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_cacheable(request):
            return view(request, *args, **kwargs)
        token = _pinned.set(generation())
        try:
            return _cached_response(request, view, *args, **kwargs)
        finally:
            _pinned.reset(token)

    return wrapped


def _cached_response(request, view, *args, **kwargs):
    key = _key("page", request.get_full_path())
    stored = cache.get(key)
    if stored is not None:
        response, state = _rebuild(stored), "hit"
    else:
        response, state = view(request, *args, **kwargs), "miss"
        if hasattr(response, "render") and not response.is_rendered:
            response.render()  # a TemplateResponse (sitemaps): its body is what we hash and keep
        if response.status_code != 200 or response.streaming:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        _store(key, response)
    response[CACHE_HEADER] = state
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return get_conditional_response(request, etag=response["ETag"], response=response)
