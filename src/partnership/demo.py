"""Loads the demo partnership: each app's demo data in the order the apps build on each other."""

from __future__ import annotations

from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.access import demo as access_demo
from partnership.access.models import Role, User
from partnership.audits import demo as audits_demo
from partnership.children import demo as children_demo
from partnership.encompass import demo as encompass_demo
from partnership.frontdoor import demo as frontdoor_demo
from partnership.measures import demo as measures_demo
from partnership.plans import demo as plans_demo
from partnership.plans import demo_cycle as plans_demo_cycle
from partnership.records import demo as records_demo
from partnership.reporting import demo as reporting_demo
from partnership.strategy import demo as strategy_demo

DEMO_LOADERS = [
    access_demo.load,
    plans_demo.load,
    plans_demo_cycle.load,
    plans_demo.load_states,
    reporting_demo.load,
    children_demo.load,
    strategy_demo.load,
    frontdoor_demo.load,
    encompass_demo.load,
    audits_demo.load,
    measures_demo.load,
    records_demo.load,
]


def demo_load(*, reset: bool = False) -> bool:
    """Load every app's demo data in one transaction; return False if it was already there."""
    if access_demo.is_loaded() and not reset:
        return False
    with transaction.atomic():
        if reset:
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0)
        for loader in DEMO_LOADERS:
            loader()
    return True


def demo_sign_in_lines() -> list[str]:
    """What to print so a new user knows how to sign in to the demo."""
    lines = [
        f"Sign in at http://127.0.0.1:8000/ with any of these usernames and the password '{access_demo.DEMO_PASSWORD}':"
    ]
    labels = dict(Role.choices)
    for username, _f, _l, _t, agency, _team, role, two_factor in access_demo.DEMO_PEOPLE:
        note = "" if two_factor else " (sets up two-factor at first sign-in)"
        lines.append(f"  {username:<13} {labels[role]}, {agency}{note}")
    lines.append("For the two-factor code, run: .venv/bin/partnership otp USERNAME")
    return lines


def demo_current_code(username: str) -> str | None:
    """The current TOTP code of a demo person's authenticator, for demo mode only."""
    user = User.objects.filter(username=username).first()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user else None
    if device is None:
        return None
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return str(value).zfill(device.digits)
