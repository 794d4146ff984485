"""A tiny OpenID Connect provider (django-oauth-toolkit) that the single sign-on tests start in its own process."""
