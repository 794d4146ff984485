"""Front door pages: recording a contact, the enquiry and decision from two browsers, research, checks, measures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import Role
from partnership.frontdoor.models import Contact, MashEnquiry, ResearchRequest
from tests.factories import make_person
from tests.formdata import date_fields

pytestmark = pytest.mark.django_db


def contact_form(**changes: object) -> dict[str, object]:
    now = timezone.localtime() - timedelta(minutes=10)
    data: dict[str, object] = {
        "received_time": now.strftime("%H:%M"),
        "source": "2A",
        "referrer_name": "Ms Hartley",
        "concern": "Cut lip; says mum and her boyfriend were fighting.",
        **date_fields("received_on", now.date()),
    }
    data.update(changes)
    return data


def test_a_contact_about_an_unidentified_child_is_kept_and_an_unknown_id_is_explained(signed_in, screener) -> None:
    client = signed_in(user=screener)
    unknown = client.post(reverse("frontdoor:contact-create"), contact_form(local_child_ids="NOPE-1"))
    assert unknown.status_code == 400 and "No child has the local child ID NOPE-1" in unknown.content.decode()
    nothing = client.post(reverse("frontdoor:contact-create"), contact_form())
    assert nothing.status_code == 400 and "write what is known of them" in nothing.content.decode()
    kept = client.post(reverse("frontdoor:contact-create"), contact_form(child_details="Girl, about 8, Hilltop"))
    assert kept.status_code == 302
    queue = client.get(reverse("frontdoor:queue"), {"unresolved": "1"}).content.decode()
    assert "Not identified" in queue
    again = client.post(reverse("frontdoor:contact-create"), contact_form(child_details="Girl, about 8, Hilltop"))
    assert again.status_code == 400 and "looks like a contact already recorded" in again.content.decode()
    assert Contact.objects.count() == 1


def test_two_screeners_deciding_at_once_keep_the_first_decision(signed_in, screener, child, police) -> None:
    client = signed_in(user=screener)
    client.post(reverse("frontdoor:contact-create"), contact_form(local_child_ids=child.local_child_id))
    contact = Contact.objects.get()
    opened = client.post(
        reverse("frontdoor:enquiry-open", kwargs={"contact_id": contact.pk}),
        {"priority": "amber", "reason": "Repeated incidents", "agencies": [police.pk]},
    )
    assert opened.status_code == 302
    other = signed_in(user=make_person(Role.FRONT_DOOR, agency=screener.memberships.get().agency))
    decide = reverse("frontdoor:enquiry-decide", kwargs={"contact_id": contact.pk})
    first = {"version": 1, "outcome": "early_help", "need_level": 2, "reasons": "Family agree to help"}
    assert client.post(decide, first).status_code == 302
    second = other.post(decide, {**first, "outcome": "nfa", "need_level": 1, "reasons": "Nothing to do"}, follow=True)
    assert "already been decided" in second.content.decode() or "Someone else recorded" in second.content.decode()
    enquiry = MashEnquiry.objects.get()
    assert (enquiry.outcome, enquiry.decided_by) == ("early_help", screener)
    no_reason = client.post(decide, {**first, "reasons": ""})
    assert no_reason.status_code == 400


def test_a_partner_returns_research_and_a_late_return_is_flagged(signed_in, screener, child, police) -> None:
    client = signed_in(user=screener)
    client.post(reverse("frontdoor:contact-create"), contact_form(local_child_ids=child.local_child_id))
    contact = Contact.objects.get()
    client.post(
        reverse("frontdoor:enquiry-open", kwargs={"contact_id": contact.pk}),
        {"priority": "red", "reason": "Injury", "agencies": [police.pk]},
    )
    request = ResearchRequest.objects.get()
    officer = signed_in(user=make_person(Role.ENCOMPASS_OFFICER, agency=police))
    assert "1 request waiting" in officer.get(reverse("frontdoor:research-list")).content.decode()
    url = reverse("frontdoor:research-return", kwargs={"request_id": request.pk})
    assert officer.post(url, {}).status_code == 400
    client.post(
        reverse("frontdoor:enquiry-decide", kwargs={"contact_id": contact.pk}),
        {"version": 1, "outcome": "assessment", "need_level": 3, "reasons": "Injury with disclosure"},
    )
    assert officer.post(url, {"information": "Two call-outs this year."}).status_code == 302
    request.refresh_from_db()
    assert request.after_decision and request.returned_by is not None
    page = client.get(reverse("frontdoor:contact-detail", kwargs={"contact_id": contact.pk})).content.decode()
    assert "After the decision" in page and "Two call-outs this year." in page
    stranger = signed_in(user=make_person(Role.ENCOMPASS_OFFICER))
    assert stranger.get(url).status_code == 404


def test_oversight_sees_figures_and_a_school_sees_no_contacts(signed_in, screener, child) -> None:
    signed_in(user=screener).post(
        reverse("frontdoor:contact-create"), contact_form(local_child_ids=child.local_child_id)
    )
    page = signed_in(Role.EXECUTIVE).get(reverse("frontdoor:measures")).content.decode()
    assert "Contacts (per 10,000 children)" in page and ">1 (" in page
    assert signed_in(Role.KEY_ADULT).get(reverse("frontdoor:queue")).status_code == 404


def test_an_incident_after_the_contact_is_refused(signed_in, screener, child) -> None:
    later = timezone.localtime() + timedelta(days=1)
    response = signed_in(user=screener).post(
        reverse("frontdoor:contact-create"),
        contact_form(
            local_child_ids=child.local_child_id,
            domestic_abuse="on",
            incident_time="21:30",
            **date_fields("incident_on", later.date()),
        ),
    )
    assert response.status_code == 400 and "cannot be after the contact was received" in response.content.decode()
    assert not Contact.objects.exists()


def test_the_queue_shows_fifty_open_contacts_a_page_soonest_due_first_and_counts_them_all(
    signed_in, screener, child
) -> None:
    from tests.frontdoor.builders import build_contact

    made = [build_contact(child=child, by=screener, concern=f"Concern {number}") for number in range(53)]
    for hours, contact in enumerate(made):
        Contact.objects.filter(pk=contact.pk).update(decision_due_at=timezone.now() + timedelta(hours=hours))
    Contact.objects.filter(pk=made[0].pk).update(state="decided")
    client = signed_in(user=screener)
    first = client.get(reverse("frontdoor:queue")).content.decode()
    assert "52 open contacts" in first and "Showing 1 to 50" in first
    links = [str(contact.pk) for contact in made[1:]]
    assert all(link in first for link in links[:50]) and not any(link in first for link in links[50:])
    assert str(made[0].pk) not in first
    assert 'href="?page=2"' in first
    second = client.get(reverse("frontdoor:queue"), {"page": "2"}).content.decode()
    assert all(link in second for link in links[50:]) and "Page 2 of 2" in second
    assert "Showing 51 to 52" in second
    beyond = client.get(reverse("frontdoor:queue"), {"page": "99"}).content.decode()
    assert "Page 2 of 2" in beyond
