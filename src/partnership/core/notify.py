"""GOV.UK Notify as the e-mail delivery service: its settings, one send, what its error replies mean, and statuses.

Notify answers a send with 201 and its own id, or with an error reply that says whether trying again can help:

- 400 (BadRequestError, ValidationError): the message itself is wrong (the address, a missing personalisation field,
  an unknown template, a recipient a team-only key may not send to). Trying again cannot help: it fails for good.
- 403 (AuthError): the API key is wrong or revoked, or this machine's clock is off. That is the service's set-up,
  not the message: it is tried again after a back-off, without using up the message's tries, and logged as an error.
- 429 (RateLimitError, TooManyRequestsError) and 500 or no answer at all: tried again after a back-off.

Notify cannot take calendar (.ics) files, so with Notify a stored attachment is left off; the message body still
carries its "add to calendar" link.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import checks

from partnership.core.models import OutboxMessage

logger = logging.getLogger("partnership.notify")

DJANGO = "django"
NOTIFY = "notify"
DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"

# Notify's e-mail statuses that will not change again, and what the failures mean in plain words.
DELIVERED = "delivered"
FAILED_STATUSES: dict[str, str] = {
    "permanent-failure": "The recipient's e-mail provider rejected the message: the address may not exist.",
    "temporary-failure": "The recipient's inbox was full or their e-mail provider was unavailable for 72 hours.",
    "technical-failure": "GOV.UK Notify had a technical problem and did not send the message.",
}
FINAL_STATUSES = frozenset({DELIVERED, *FAILED_STATUSES})

PERMANENT = "permanent"  # the message is wrong: fail it now
CONFIGURATION = "configuration"  # the service's key or clock is wrong: try again later, do not use up tries
RATE_LIMITED = "rate-limited"  # try again after a longer back-off
TRANSIENT = "transient"  # try again after a back-off


@dataclass(frozen=True)
class SendFailure:
    """What a failed send means: the kind of failure and the reason in plain words."""

    kind: str
    reason: str


def notify_chosen() -> bool:
    """Whether messages go through GOV.UK Notify rather than Django's e-mail backend."""
    return getattr(settings, "PARTNERSHIP_EMAIL_DELIVERY", DJANGO) == NOTIFY


def template_ids() -> dict[str, str]:
    """The Notify template id for each message kind that has its own, read from "kind=id,kind=id" or JSON."""
    raw = (getattr(settings, "PARTNERSHIP_NOTIFY_TEMPLATES", "") or "").strip()
    if not raw:
        return {}
    if raw.startswith("{"):
        parsed = json.loads(raw)
        if not isinstance(parsed, dict):
            raise ValueError("PARTNERSHIP_NOTIFY_TEMPLATES must be a JSON object of kind to template id")
        return {str(kind).strip(): str(template).strip() for kind, template in parsed.items()}
    pairs: dict[str, str] = {}
    for item in raw.split(","):
        if not item.strip():
            continue
        kind, equals, template = item.partition("=")
        if not equals or not kind.strip() or not template.strip():
            raise ValueError(f"PARTNERSHIP_NOTIFY_TEMPLATES has {item.strip()!r}, which is not kind=template-id")
        pairs[kind.strip()] = template.strip()
    return pairs


def template_id_for(kind: str) -> str:
    """The template a message kind is sent with: its own, or the default one whose body is ((subject)) and ((body))."""
    return template_ids().get(kind) or settings.PARTNERSHIP_NOTIFY_TEMPLATE_ID


def notify_client() -> Any:
    """A client of the Notify API with the configured key and address."""
    from notifications_python_client.notifications import NotificationsAPIClient

    return NotificationsAPIClient(
        settings.PARTNERSHIP_NOTIFY_API_KEY,
        base_url=settings.PARTNERSHIP_NOTIFY_BASE_URL or DEFAULT_BASE_URL,
        timeout=getattr(settings, "PARTNERSHIP_NOTIFY_TIMEOUT_SECONDS", 30),
    )


def notify_send(message: OutboxMessage) -> str:
    """Hand one outbox row to Notify, its pk as the reference (the same on every try); return Notify's id."""
    arguments: dict[str, Any] = {
        "email_address": message.to_address,
        "template_id": template_id_for(message.kind),
        "personalisation": {"subject": message.subject, "body": message.body, **(message.personalisation or {})},
        "reference": str(message.pk),
    }
    if reply_to := getattr(settings, "PARTNERSHIP_NOTIFY_REPLY_TO_ID", ""):
        arguments["email_reply_to_id"] = reply_to
    response = notify_client().send_email_notification(**arguments)
    return str(response["id"])


def _notify_messages(error: Exception) -> str:
    """The messages of a Notify error reply, joined, or '' when it had none."""
    body: Any = None
    response = getattr(error, "response", None)
    if response is not None:
        try:
            body = response.json()
        except ValueError:
            body = None
    if isinstance(body, dict) and isinstance(body.get("errors"), list):
        return "; ".join(str(item.get("message", "")) for item in body["errors"] if isinstance(item, dict))
    return ""


def _plain_bad_request(said: str) -> str:
    """A 400 reply from Notify in words the sender's manager understands."""
    lowered = said.lower()
    if "team-only api key" in lowered or "team-only" in lowered:
        return "GOV.UK Notify will not send to this address with a team-only API key: ask for a live key."
    if "email_address" in lowered or "not a valid email" in lowered:
        return "The e-mail address is not a valid one; correct it and try again."
    if "missing personalisation" in lowered:
        return f"The Notify template needs a field this message does not have ({said})."
    if "template not found" in lowered:
        return "The Notify template for this kind of message does not exist; check the template ids."
    return f"GOV.UK Notify refused the message: {said or 'no reason given'}."


def classify_failure(error: Exception) -> SendFailure:
    """Whether a failed send to Notify is the message's fault, the set-up's, a rate limit, or passing."""
    from notifications_python_client.errors import APIError

    if not isinstance(error, APIError):
        return SendFailure(TRANSIENT, f"Could not reach GOV.UK Notify ({type(error).__name__}); will try again.")
    status = error.status_code
    said = _notify_messages(error)
    if status == 400:
        return SendFailure(PERMANENT, _plain_bad_request(said))
    if status == 403:
        return SendFailure(
            CONFIGURATION,
            f"GOV.UK Notify refused the service's API key or clock ({said or 'no reason given'}); will try again.",
        )
    if status == 429:
        return SendFailure(RATE_LIMITED, "GOV.UK Notify asked us to send more slowly; will try again.")
    if error.response is None:
        return SendFailure(TRANSIENT, "Could not reach GOV.UK Notify (no answer or timed out); will try again.")
    return SendFailure(TRANSIENT, f"GOV.UK Notify had a problem (HTTP {status}); will try again.")


def notify_status_of(provider_reference: str) -> str:
    """The delivery status Notify reports now for one of its notifications."""
    return str(notify_client().get_notification_by_id(provider_reference)["status"])


def notify_configuration_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """With Notify chosen, the API key and the default template must be set and the per-kind templates readable."""
    delivery = getattr(settings, "PARTNERSHIP_EMAIL_DELIVERY", DJANGO)
    if delivery not in (DJANGO, NOTIFY):
        return [
            checks.Error(
                f"PARTNERSHIP_EMAIL_DELIVERY is {delivery!r}; it must be 'django' or 'notify'.", id="partnership.E301"
            )
        ]
    if delivery != NOTIFY:
        return []
    errors: list[checks.CheckMessage] = []
    key = getattr(settings, "PARTNERSHIP_NOTIFY_API_KEY", "")
    if len(key) < 74:
        errors.append(
            checks.Error(
                "GOV.UK Notify is chosen (PARTNERSHIP_EMAIL_DELIVERY=notify) but PARTNERSHIP_NOTIFY_API_KEY is "
                + ("missing." if not key else "not a whole Notify API key (name-serviceid-secret)."),
                hint="Create an API key on the service's API integration page in GOV.UK Notify.",
                id="partnership.E302",
            )
        )
    if not getattr(settings, "PARTNERSHIP_NOTIFY_TEMPLATE_ID", ""):
        errors.append(
            checks.Error(
                "GOV.UK Notify is chosen but PARTNERSHIP_NOTIFY_TEMPLATE_ID (the default template) is missing.",
                hint="Make an e-mail template whose subject is ((subject)) and body ((body)), and give its id.",
                id="partnership.E303",
            )
        )
    try:
        template_ids()
    except ValueError as error:
        errors.append(checks.Error(str(error), id="partnership.E304"))
    return errors
