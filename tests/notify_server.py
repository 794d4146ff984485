"""A local stand-in for the part of the GOV.UK Notify API the service uses, as a real HTTP server in a thread.

It speaks POST /v2/notifications/email and GET /v2/notifications/{id}: it checks the Bearer JWT the official client
sends (HS256, signed with the API key's secret, `iss` the service id), validates the body as Notify does (a known
template, a plausible address, every ((field)) of the template personalised) and answers with Notify's own reply
shapes: 201 with id, reference, content and template; errors as {"status_code": N, "errors": [{"error", "message"}]}.

A test programmes it: `fail_next(...)` queues error replies for the next sends, `statuses[id]` sets the status a
notification reports, `team_only` makes addresses refused as for a team-only key, and `sends` records what came in.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"partnership_test-{SERVICE_ID}-{SECRET}"
PLACEHOLDER = re.compile(r"\(\(([^()]+)\)\)")
PLAUSIBLE_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
NOTIFICATION_PATH = re.compile(r"^/v2/notifications/([^/?]+)$")

# Notify's documented error replies, by what a test asks for.
REPLIES: dict[str, tuple[int, str, str]] = {
    "bad-address": (400, "ValidationError", "email_address Not a valid email address"),
    "team-only": (400, "BadRequestError", "Can't send to this recipient using a team-only API key"),
    "bad-key": (403, "AuthError", "Invalid token: API key not found"),
    "clock": (403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds"),
    "rate-limit": (429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"),
    "daily-limit": (429, "TooManyRequestsError", "Exceeded send limits (250000) for today"),
    "server-error": (500, "Exception", "Internal server error"),
}


@dataclass
class Template:
    """A Notify e-mail template: its subject and body with ((placeholders))."""

    subject: str
    body: str

    def fields(self) -> set[str]:
        return set(PLACEHOLDER.findall(self.subject + self.body))

    def fill(self, values: dict[str, Any]) -> tuple[str, str]:
        def put(text: str) -> str:
            return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), "")), text)

        return put(self.subject), put(self.body)


@dataclass
class FakeNotify:
    """The programmable state of the fake service, shared with the handler threads."""

    templates: dict[str, Template] = field(default_factory=dict)
    sends: list[dict[str, Any]] = field(default_factory=list)  # every POST body that came in, good or bad
    accepted: dict[str, dict[str, Any]] = field(default_factory=dict)  # notification id -> what was sent
    statuses: dict[str, str] = field(default_factory=dict)
    team_only: set[str] = field(default_factory=set)
    queued: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    default_template: str = ""

    def fail_next(self, *replies: str) -> None:
        """Answer the next sends with these error replies (names from REPLIES), in order."""
        unknown = set(replies) - set(REPLIES)
        assert not unknown, f"unknown replies {unknown}"
        with self.lock:
            self.queued.extend(replies)

    def template(self, subject: str = "((subject))", body: str = "((body))") -> str:
        """Add a template and return its id."""
        template_id = str(uuid.uuid4())
        self.templates[template_id] = Template(subject, body)
        return template_id


def _error(status: int, error: str, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"status_code": status, "errors": [{"error": error, "message": message}]}


class _Handler(BaseHTTPRequestHandler):
    state: FakeNotify

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> tuple[int, dict[str, Any]] | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return _error(401, "AuthError", "Unauthorized: authentication token must be provided")
        token = header.removeprefix("Bearer ").strip()
        try:
            if get_token_issuer(token) != SERVICE_ID:
                return _error(403, "AuthError", "Invalid token: service not found")
            decode_jwt_token(token, SECRET)
        except TokenError as error:
            return _error(403, "AuthError", error.message.split(". See")[0])
        return None

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            body = None
        with self.state.lock:
            self.state.sends.append({"path": self.path, "body": body})
        if refused := self._authorised():
            self._reply(*refused)
            return
        with self.state.lock:
            queued = self.state.queued.pop(0) if self.state.queued else ""
        if queued:
            self._reply(*_error(*REPLIES[queued]))
            return
        if self.path != "/v2/notifications/email":
            self._reply(*_error(404, "NoResultFound", "No result found"))
            return
        self._reply(*self._send_email(body))

    def _send_email(self, body: Any) -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict):
            return _error(400, "BadRequestError", "Invalid JSON supplied in POST data")
        template = self.state.templates.get(str(body.get("template_id", "")))
        if template is None:
            return _error(400, "BadRequestError", "Template not found")
        address = str(body.get("email_address", ""))
        if not PLAUSIBLE_ADDRESS.match(address):
            return _error(*REPLIES["bad-address"])
        if address in self.state.team_only:
            return _error(*REPLIES["team-only"])
        personalisation = body.get("personalisation") or {}
        missing = sorted(template.fields() - set(personalisation))
        if missing:
            return _error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        notification_id = str(uuid.uuid4())
        subject, text = template.fill(personalisation)
        with self.state.lock:
            self.state.accepted[notification_id] = {**body, "subject": subject, "text": text}
            self.state.statuses.setdefault(notification_id, "created")
        return 201, {
            "id": notification_id,
            "reference": body.get("reference"),
            "content": {"subject": subject, "body": text, "from_email": "partnership@notifications.service.gov.uk"},
            "uri": f"{self.state.url}/v2/notifications/{notification_id}",
            "template": {"id": body["template_id"], "version": 1, "uri": f"{self.state.url}/v2/template/x"},
        }

    def do_GET(self) -> None:
        if refused := self._authorised():
            self._reply(*refused)
            return
        match = NOTIFICATION_PATH.match(self.path)
        if not match:
            self._reply(*_error(404, "NoResultFound", "No result found"))
            return
        try:
            notification_id = str(uuid.UUID(match.group(1)))
        except ValueError:
            self._reply(*_error(400, "ValidationError", "notification_id is not a valid UUID"))
            return
        sent = self.state.accepted.get(notification_id)
        if sent is None:
            self._reply(*_error(404, "NoResultFound", "No result found"))
            return
        self._reply(
            200,
            {
                "id": notification_id,
                "reference": sent.get("reference"),
                "email_address": sent["email_address"],
                "type": "email",
                "status": self.state.statuses[notification_id],
                "template": {"id": sent["template_id"], "version": 1, "uri": f"{self.state.url}/v2/template/x"},
                "body": sent["text"],
                "subject": sent["subject"],
            },
        )


class NotifyServer:
    """The fake Notify on a free local port, serving from a daemon thread until stopped."""

    def __init__(self) -> None:
        self.state = FakeNotify()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.state.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeNotify:
        self.thread.start()
        return self.state

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
