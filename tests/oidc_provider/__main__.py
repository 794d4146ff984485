"""Start the provider: `python -m tests.oidc_provider PORT` with OIDC_PROVIDER_BASE_URL, OIDC_PROVIDER_DB and
OIDC_PROVIDER_CLIENTS (JSON: a list of {client_id, client_secret, redirect_uri}) in the environment."""

from __future__ import annotations

import json
import os
import sys

import django
from django.core.management import call_command


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    django.setup()
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for client in json.loads(os.environ.get("OIDC_PROVIDER_CLIENTS", "[]")):
        Application.objects.create(
            name=client["client_id"],
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=client["redirect_uri"],
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
    call_command("runserver", f"127.0.0.1:{sys.argv[1]}", "--noreload", "--skip-checks")


if __name__ == "__main__":
    main()
