"""Anonymous rate limit, read from settings at request time (so API_ANON_RATE and test overrides apply)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonThrottle(AnonRateThrottle):
    """429 with Retry-After past REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] per client address."""

    def get_rate(self):
        # DRF binds THROTTLE_RATES when the module is imported; read the live settings instead.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
