"""The reference for page latency: the product's settings and middleware, but a URL map of one bare view."""

from partnership.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.reference_urls"
