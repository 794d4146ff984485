"""Pages of Operation Encompass: the officer's incidents and exceptions, a school's notifications, schools and their
calendars, and the figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.access.accesslog import access_event_record
from partnership.access.guards import require_permission, section_page, signed_in_user
from partnership.access.models import AccessEvent
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.encompass import selectors, services, setting_services, tables
from partnership.encompass.forms import (
    ChildForm,
    ClosureForm,
    ExceptionResolveForm,
    IncidentForm,
    IncidentImportForm,
    SettingForm,
    SettingUpdateForm,
    SupportForm,
    TermsImportForm,
    child_blocks,
)
from partnership.encompass.import_checking import COLUMNS
from partnership.encompass.measures import encompass_measures
from partnership.encompass.models import Incident, Notification, Setting
from partnership.frontend.fields import PeriodForm
from partnership.frontend.listing import DASHBOARD_PAGE_SIZE, page_of
from partnership.frontend.pages import STALE_MESSAGE, form_page
from partnership.frontend.tables import download_format, table_download

STALE_SUPPORT = (
    "Someone else recorded the support offered while you were writing. Nothing you entered has been saved: "
    "read what they recorded below."
)


def _officer(request: HttpRequest) -> None:
    section_page(request, "encompass", "encompass.record_incident")


def _settings_admin(request: HttpRequest, permission: str = "encompass.view_settings") -> None:
    """Administrators work in Schools and calendars; officers reach the same pages from Operation Encompass."""
    manager = request.user.has_perm("encompass.manage_settings")
    section_page(request, "encompass-settings" if manager else "encompass", permission)


def _setting_reader(request: HttpRequest) -> None:
    """Officers and administrators read every setting; a key adult reads their own school's page."""
    if request.user.has_perm("encompass.view_settings"):
        _settings_admin(request)
    else:
        section_page(request, "encompass-inbox", "encompass.view_inbox")


def _notification_reader(request: HttpRequest) -> None:
    """Officers read every notification; a key adult their own school's."""
    if request.user.has_perm("encompass.record_incident"):
        _officer(request)
    else:
        section_page(request, "encompass-inbox", "encompass.view_inbox")


def _add_errors(form: Any, error: BusinessRuleError, renames: dict[str, str] | None = None) -> None:
    for field, field_messages in error.errors.items():
        field = (renames or {}).get(field, field)
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


# The officer's dashboard and incidents


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Open exceptions, notifications past their deadline, and recent incidents found by police reference."""
    _officer(request)
    search = request.GET.get("q", "").strip()
    if download := tables.dashboard_download(request, search=search):
        return download
    incidents = page_of(request, selectors.incident_list(user=request.user, search=search), size=DASHBOARD_PAGE_SIZE)
    exceptions = page_of(
        request, selectors.open_exceptions(user=request.user), size=DASHBOARD_PAGE_SIZE, param="exceptions"
    )
    overdue = page_of(
        request, selectors.overdue_notifications(user=request.user), size=DASHBOARD_PAGE_SIZE, param="overdue"
    )
    return render(
        request,
        "encompass/dashboard.html",
        {
            "exceptions": exceptions,
            "overdue": overdue,
            "incidents": incidents,
            "search": search,
        },
    )


def _outcome(incident: Incident) -> tuple[int, int]:
    """How many settings were told of an incident, and how many of its exceptions are open."""
    children = selectors.incident_children(incident=incident)
    told = {notification.setting_id for child in children for notification in child.notifications.all()}
    still_open = sum(1 for child in children for exception in child.exceptions.all() if exception.resolved_at is None)
    return len(told), still_open


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    """Record an incident and its children; each child's school is told before its next school day."""
    _officer(request)
    posted = request.POST if request.method == "POST" else None
    form = IncidentForm(posted, initial={"occurred_on": timezone.localdate()})
    blocks = child_blocks(posted)
    if posted is not None:
        valid = all([form.is_valid(), *(block.is_valid() for block in blocks)])
        filled = [block for block in blocks if block.has_entry()]
        if not filled:
            blocks[0].add_error(
                "first_name", "Enter at least one child: their name and date of birth, or local child ID"
            )
        elif valid:
            numbered = {f"child_{number}": block for number, block in enumerate(filled, start=1)}
            data = form.cleaned_data
            try:
                incident = services.incident_record(
                    actor=signed_in_user(request),
                    police_reference=data["police_reference"],
                    occurred_at=form.occurred_at(),
                    place=data["place"],
                    risk_level=data["risk_level"],
                    officer_name=data["officer_name"],
                    circumstances=data["circumstances"],
                    children=[block.entry() for block in filled],
                )
            except BusinessRuleError as error:
                for field, field_messages in error.errors.items():
                    for message in field_messages:
                        if field in numbered:
                            block = numbered[field]
                            block.add_error("first_name", f"{block.subject.capitalize()}: {message}")
                        else:
                            name = "occurred_on" if field == "occurred_at" else field
                            form.add_error(name if name in form.fields else None, message)
            else:
                told, still_open = _outcome(incident)
                messages.success(
                    request,
                    f"Incident {incident.police_reference} is recorded: {_count(told, 'setting was', 'settings were')} "
                    f"told and {_count(still_open, 'exception is', 'exceptions are')} open.",
                )
                return redirect("encompass:incident-detail", incident_id=incident.pk)
    failed = bool(form.errors) or any(block.errors for block in blocks)
    return render(
        request,
        "encompass/incident_form.html",
        {"form": form, "blocks": blocks, "failed": failed},
        status=400 if failed else 200,
    )


def _incident_page(request: HttpRequest, incident: Incident, child_form: ChildForm | None = None) -> HttpResponse:
    failed = child_form is not None and bool(child_form.errors)
    return render(
        request,
        "encompass/incident_detail.html",
        {
            "incident": incident,
            "children": selectors.incident_children(incident=incident),
            "child_form": child_form or ChildForm(prefix="child", optional=False),
            "failed": failed,
            "now": timezone.now(),
        },
        status=400 if failed else 200,
    )


@login_required
def incident_detail(request: HttpRequest, incident_id: str) -> HttpResponse:
    """An incident: each child with their notifications and exceptions, and a form to add a child."""
    _officer(request)
    incident = selectors.incident_get(user=request.user, incident_id=incident_id, purpose="Read an Encompass incident")
    return _incident_page(request, incident)


@login_required
@require_POST
def incident_add_child(request: HttpRequest, incident_id: str) -> HttpResponse:
    """Add a child to an incident and tell their school."""
    _officer(request)
    incident = selectors.incident_get(
        user=request.user, incident_id=incident_id, purpose="Added a child to an incident"
    )
    form = ChildForm(request.POST, prefix="child", optional=False)
    if form.is_valid():
        try:
            incident_child = services.incident_add_child(
                actor=signed_in_user(request), incident=incident, entry=form.entry()
            )
        except BusinessRuleError as error:
            _add_errors(form, error, {"child": "first_name"})
        else:
            child = incident_child.child
            messages.success(
                request,
                f"{child.first_name} {child.last_name} is on the incident: {incident_child.get_status_display()}.",
            )
            return redirect("encompass:incident-detail", incident_id=incident.pk)
    return _incident_page(request, incident, child_form=form)


@login_required
@require_POST
def notification_resend(request: HttpRequest, notification_id: str) -> HttpResponse:
    """E-mail the school's key adults again about a notification they have not acknowledged."""
    _officer(request)
    notification = selectors.notification_get(
        user=request.user, notification_id=notification_id, purpose="Sent an Encompass notification again"
    )
    try:
        services.notification_resend(actor=signed_in_user(request), notification=notification)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The notification is sent again to the key adults of {notification.setting.name}.")
    return redirect("encompass:incident-detail", incident_id=notification.incident_child.incident_id)


@login_required
def incident_import(request: HttpRequest) -> HttpResponse:
    """Record every incident of a police CSV export, or none, listing each bad row by its line."""
    _officer(request)
    posted = request.method == "POST"
    form = IncidentImportForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[str] = []
    if posted and form.is_valid():
        try:
            result = services.incidents_import(actor=signed_in_user(request), text=form.cleaned_data["file"])
        except BusinessRuleError as error:
            form.add_error("file", error.message)
            for field, field_messages in error.errors.items():
                if field == "file":
                    problems.extend(field_messages)
                elif field_messages != [error.message]:
                    form.add_error(None, field_messages)
        else:
            messages.success(
                request,
                f"{_count(result.created, 'incident was', 'incidents were')} imported and "
                f"{_count(result.notifications, 'notification', 'notifications')} sent; "
                f"{_count(result.skipped, 'incident was', 'incidents were')} already recorded and skipped.",
            )
            return redirect("encompass:dashboard")
    return render(
        request,
        "encompass/import.html",
        {"form": form, "problems": problems, "columns": COLUMNS},
        status=400 if form.errors else 200,
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """A CSV file with the heading row of a police export, to fill in."""
    _officer(request)
    response = HttpResponse(",".join(COLUMNS) + "\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="encompass-incidents.csv"'
    return response


@login_required
def exception_resolve(request: HttpRequest, exception_id: str) -> HttpResponse:
    """Resolve a child the system could not route: tell a setting, or say how the school was otherwise told."""
    _officer(request)
    exception = selectors.exception_get(user=request.user, exception_id=exception_id)
    settings = (
        selectors.setting_list(user=request.user)
        .filter(is_active=True)
        .exclude(key_adult__isnull=True, deputy__isnull=True)
    )
    form = ExceptionResolveForm(request.POST if request.method == "POST" else None, settings=settings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.exception_resolve(
                actor=signed_in_user(request),
                exception=exception,
                setting=data["setting"],
                record_enrolment=data["record_enrolment"],
                resolution=data["resolution"],
            )
        except BusinessRuleError as error:
            _add_errors(form, error)
        else:
            told = f"{data['setting'].name} is told and the" if data["setting"] else "The"
            messages.success(request, f"{told} exception is resolved.")
            return redirect("encompass:incident-detail", incident_id=exception.incident_child.incident_id)
    return render(
        request,
        "encompass/exception_resolve.html",
        {"exception": exception, "incident_child": exception.incident_child, "form": form},
        status=400 if form.errors else 200,
    )


# A school's notifications


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The key adult's notifications, not yet acknowledged first."""
    section_page(request, "encompass-inbox", "encompass.view_inbox")
    if file_format := download_format(request):  # every notification, not only the first 200, logged as an export
        access_event_record(
            user=request.user,
            action=AccessEvent.Action.EXPORT,
            object_type="encompass_notification",
            purpose="Downloaded the school's Encompass notifications",
        )
        table = tables.inbox_table(selectors.inbox(user=request.user))
        return table_download(table, file_format=file_format, name="encompass notifications")
    notifications = list(selectors.inbox(user=request.user)[:200])
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.LIST,
        object_type="encompass_notification",
        purpose="Read the school's Encompass notifications",
    )
    return render(
        request,
        "encompass/inbox.html",
        {"notifications": notifications, "settings": selectors.settings_of(user=request.user), "now": timezone.now()},
    )


def _notification_page(request: HttpRequest, notification: Notification, support_form: Any = None) -> HttpResponse:
    failed = support_form is not None and bool(support_form.errors)
    form = support_form or SupportForm(
        initial={"version": notification.version, "support_offered": notification.support_offered}
    )
    return render(
        request,
        "encompass/notification_detail.html",
        {
            "notification": notification,
            "incident": notification.incident_child.incident,
            "incident_child": notification.incident_child,
            "child": notification.incident_child.child,
            "can_act": request.user.has_perm("encompass.acknowledge", notification),
            "form": form,
            "now": timezone.now(),
        },
        status=400 if failed else 200,
    )


@login_required
def notification_detail(request: HttpRequest, notification_id: str) -> HttpResponse:
    """What the school needs to know about the child's incident, and its acknowledgement."""
    _notification_reader(request)
    notification = selectors.notification_get(
        user=request.user, notification_id=notification_id, purpose="Read an Encompass notification"
    )
    return _notification_page(request, notification)


def _actionable(request: HttpRequest, notification_id: str, purpose: str) -> Notification:
    """A notification to the key adult's own school, which they may act on; 404 otherwise."""
    section_page(request, "encompass-inbox", "encompass.view_inbox")
    notification = selectors.notification_get(user=request.user, notification_id=notification_id, purpose=purpose)
    require_permission(request, "encompass.acknowledge", notification, object_type="encompass_notification")
    return notification


@login_required
@require_POST
def notification_acknowledge(request: HttpRequest, notification_id: str) -> HttpResponse:
    """The key adult confirms the school has the notification."""
    notification = _actionable(request, notification_id, "Acknowledged an Encompass notification")
    services.notification_acknowledge(actor=signed_in_user(request), notification=notification)
    messages.success(request, "The notification is acknowledged. Record the support offered to the child when you can.")
    return redirect("encompass:notification-detail", notification_id=notification.pk)


@login_required
@require_POST
def notification_support(request: HttpRequest, notification_id: str) -> HttpResponse:
    """Record the support the school offered the child."""
    notification = _actionable(request, notification_id, "Recorded support after an Encompass notification")
    form = SupportForm(request.POST)
    if form.is_valid():
        try:
            services.notification_record_support(
                actor=signed_in_user(request),
                notification=notification,
                expected_version=form.cleaned_data["version"],
                support_offered=form.cleaned_data["support_offered"],
            )
        except StaleVersion:
            messages.error(request, STALE_SUPPORT)
            return redirect("encompass:notification-detail", notification_id=notification.pk)
        except BusinessRuleError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The support offered to the child is recorded.")
            return redirect("encompass:notification-detail", notification_id=notification.pk)
    return _notification_page(request, notification, support_form=form)


# Schools and settings


@login_required
def setting_list(request: HttpRequest) -> HttpResponse:
    """Schools and settings, found by name or URN, with their key adults."""
    _settings_admin(request)
    search = request.GET.get("q", "").strip()
    if file_format := download_format(request):
        table = tables.setting_table(selectors.setting_list(user=request.user, search=search))
        return table_download(table, file_format=file_format, name="encompass settings")
    return render(
        request,
        "encompass/setting_list.html",
        {
            "settings": list(selectors.setting_list(user=request.user, search=search)[:500]),
            "search": search,
            "manage": request.user.has_perm("encompass.manage_settings"),
        },
    )


@login_required
def setting_create(request: HttpRequest) -> HttpResponse:
    """Add a school or setting."""
    _settings_admin(request, "encompass.manage_settings")
    actor = signed_in_user(request)
    return form_page(
        request,
        SettingForm(request.POST if request.method == "POST" else None),
        title="Add a setting",
        button="Add the setting",
        save=lambda data: setting_services.setting_create(actor=actor, **data),
        done=lambda setting: (
            reverse("encompass:setting-detail", kwargs={"setting_id": setting.pk}),
            f"{setting.name} is added. Name its key adult and deputy.",
        ),
        noun="setting",
        context={"back_url": reverse("encompass:setting-list"), "caption": "Schools and calendars"},
    )


def _setting_page(request: HttpRequest, setting: Setting, **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    manage = request.user.has_perm("encompass.manage_settings")
    update_form = forms.get("update_form")
    if update_form is None and manage:
        update_form = SettingUpdateForm(
            people=selectors.key_adult_candidates(setting=setting),
            initial={
                "version": setting.version,
                "key_adult": setting.key_adult_id,
                "deputy": setting.deputy_id,
                "opens_at": setting.opens_at,
                "own_terms": setting.own_terms,
                "is_active": setting.is_active,
            },
        )
    failed = any(form.errors for form in forms.values())
    return render(
        request,
        "encompass/setting_detail.html",
        {
            "setting": setting,
            "manage": manage,
            "reader": request.user.has_perm("encompass.view_settings"),
            "can_close": request.user.has_perm("encompass.record_closure", setting),
            "terms": list(selectors.terms_of(setting=setting if setting.own_terms else None)),
            "closures": list(selectors.closures_of(setting=setting, since=today)),
            "council_closures": list(selectors.closures_of(setting=None, since=today)),
            "default_opens_at": selectors.default_opens_at(),
            "update_form": update_form,
            "closure_form": forms.get("closure_form") or ClosureForm(),
            "terms_form": forms.get("terms_form") or TermsImportForm(),
            "failed": failed,
        },
        status=400 if failed else 200,
    )


@login_required
def setting_detail(request: HttpRequest, setting_id: str) -> HttpResponse:
    """A setting: its key adults, start time, terms and closed days."""
    _setting_reader(request)
    return _setting_page(request, selectors.setting_get(user=request.user, setting_id=setting_id))


@login_required
@require_POST
def setting_update(request: HttpRequest, setting_id: str) -> HttpResponse:
    """Name the key adult and deputy, and set the start of the day and whether the setting keeps its own terms."""
    _settings_admin(request, "encompass.manage_settings")
    setting = selectors.setting_get(user=request.user, setting_id=setting_id)
    form = SettingUpdateForm(request.POST, people=selectors.key_adult_candidates(setting=setting))
    if form.is_valid():
        data = form.cleaned_data
        try:
            setting_services.setting_update(
                actor=signed_in_user(request),
                setting=setting,
                expected_version=data["version"],
                key_adult=data["key_adult"],
                deputy=data["deputy"],
                opens_at=data["opens_at"],
                own_terms=data["own_terms"],
                is_active=data["is_active"],
            )
        except StaleVersion:
            messages.error(request, STALE_MESSAGE.format(noun="setting"))
            return redirect("encompass:setting-detail", setting_id=setting.pk)
        except BusinessRuleError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The details of {setting.name} are saved.")
            return redirect("encompass:setting-detail", setting_id=setting.pk)
    return _setting_page(request, setting, update_form=form)


def _closable(request: HttpRequest, setting_id: str) -> Setting:
    """A setting whose closed days the user may record: an administrator any, a key adult their own school."""
    _setting_reader(request)
    setting = selectors.setting_get(user=request.user, setting_id=setting_id)
    require_permission(request, "encompass.record_closure", setting, object_type="encompass_setting")
    return setting


def _closure_added(request: HttpRequest, form: ClosureForm, setting: Setting | None) -> bool:
    """Record the closure the form describes; say so, or put the service's objections on the form."""
    data = form.cleaned_data
    try:
        closure = setting_services.closure_add(
            actor=signed_in_user(request), setting=setting, day=data["day"], kind=data["kind"], reason=data["reason"]
        )
    except BusinessRuleError as error:
        _add_errors(form, error)
        return False
    who = setting.name if setting else "Every school on the council's calendar"
    messages.success(request, f"{who} is recorded as closed on {closure.day:%A %-d %B %Y}. Deadlines are updated.")
    return True


@login_required
@require_POST
def closure_add(request: HttpRequest, setting_id: str) -> HttpResponse:
    """Record a day the setting is closed, such as an INSET day or an unexpected closure."""
    setting = _closable(request, setting_id)
    form = ClosureForm(request.POST)
    if form.is_valid() and _closure_added(request, form, setting):
        return redirect("encompass:setting-detail", setting_id=setting.pk)
    return _setting_page(request, setting, closure_form=form)


@login_required
@require_POST
def closure_remove(request: HttpRequest, setting_id: str, closure_id: str) -> HttpResponse:
    """Take back a closed day recorded in error."""
    setting = _closable(request, setting_id)
    closure = selectors.closures_of(setting=setting).filter(pk=closure_id).first()
    if closure is None:
        raise Http404()
    setting_services.closure_remove(actor=signed_in_user(request), closure=closure)
    messages.success(request, f"{closure.day:%A %-d %B %Y} is no longer recorded as closed.")
    return redirect("encompass:setting-detail", setting_id=setting.pk)


@login_required
@require_POST
def terms_import(request: HttpRequest, setting_id: str) -> HttpResponse:
    """Load the term dates of a setting that keeps its own."""
    _settings_admin(request, "encompass.manage_settings")
    setting = selectors.setting_get(user=request.user, setting_id=setting_id)
    form = TermsImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            terms = setting_services.terms_import(
                actor=signed_in_user(request), setting=setting, text=form.cleaned_data["file"]
            )
        except BusinessRuleError as error:
            form.add_error("file", error.message)
            _add_errors(form, error)
        else:
            later = "" if setting.own_terms else " They apply once the setting is marked as keeping its own term dates."
            messages.success(request, f"{_count(len(terms), 'term is', 'terms are')} loaded for {setting.name}.{later}")
            return redirect("encompass:setting-detail", setting_id=setting.pk)
    return _setting_page(request, setting, terms_form=form)


# The council's calendar


def _council_page(request: HttpRequest, **forms: Any) -> HttpResponse:
    failed = any(form.errors for form in forms.values())
    return render(
        request,
        "encompass/council_calendar.html",
        {
            "terms": list(selectors.terms_of(setting=None)),
            "closures": list(selectors.closures_of(setting=None, since=timezone.localdate())),
            "manage": request.user.has_perm("encompass.manage_settings"),
            "terms_form": forms.get("terms_form") or TermsImportForm(),
            "closure_form": forms.get("closure_form") or ClosureForm(),
            "failed": failed,
        },
        status=400 if failed else 200,
    )


@login_required
def council_calendar(request: HttpRequest) -> HttpResponse:
    """The council's term dates and the days every school on its calendar is closed."""
    _settings_admin(request)
    for which in ("", "closures"):
        if file_format := download_format(request, which=which):
            closures = selectors.closures_of(setting=None, since=timezone.localdate())
            table = tables.calendar_tables(selectors.terms_of(setting=None), closures)[which]
            return table_download(table, file_format=file_format)
    return _council_page(request)


@login_required
@require_POST
def council_terms_import(request: HttpRequest) -> HttpResponse:
    """Replace the council's term dates with those of a CSV file."""
    _settings_admin(request, "encompass.manage_settings")
    form = TermsImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            terms = setting_services.terms_import(
                actor=signed_in_user(request), setting=None, text=form.cleaned_data["file"]
            )
        except BusinessRuleError as error:
            form.add_error("file", error.message)
            _add_errors(form, error)
        else:
            messages.success(
                request, f"{_count(len(terms), 'term is', 'terms are')} loaded for the council's calendar."
            )
            return redirect("encompass:council-calendar")
    return _council_page(request, terms_form=form)


@login_required
@require_POST
def council_closure_add(request: HttpRequest) -> HttpResponse:
    """Close every school on the council's calendar on a day."""
    _settings_admin(request, "encompass.manage_settings")
    form = ClosureForm(request.POST)
    if form.is_valid() and _closure_added(request, form, None):
        return redirect("encompass:council-calendar")
    return _council_page(request, closure_form=form)


@login_required
@require_POST
def council_closure_remove(request: HttpRequest, closure_id: str) -> HttpResponse:
    """Take back a council-wide closed day recorded in error."""
    _settings_admin(request, "encompass.manage_settings")
    closure = selectors.closures_of(setting=None).filter(pk=closure_id).first()
    if closure is None:
        raise Http404()
    setting_services.closure_remove(actor=signed_in_user(request), closure=closure)
    messages.success(request, f"{closure.day:%A %-d %B %Y} is no longer recorded as closed.")
    return redirect("encompass:council-calendar")


# Figures


@login_required
def measures(request: HttpRequest) -> HttpResponse:
    """How many notifications went out and were acknowledged before the next school day, by risk level and week."""
    section_page(request, "encompass-measures", "encompass.view_measures")
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    start, end = form.period(today=today)
    figures = encompass_measures(user=request.user, start=start, end=end)
    for which, table in tables.measure_tables(figures).items():
        if file_format := download_format(request, which=which):
            return table_download(table, file_format=file_format)
    return render(
        request,
        "encompass/measures.html",
        {"form": form, "figures": figures},
        status=400 if form.errors else 200,
    )
