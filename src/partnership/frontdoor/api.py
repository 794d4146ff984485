"""API endpoints of the front door, read through the selectors; reads are logged."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent
from partnership.access.selectors import visible_or_404
from partnership.frontdoor import selectors
from partnership.frontdoor.models import Contact, MashEnquiry, ResearchRequest
from partnership.frontdoor.serializers import ContactSerializer, MashEnquirySerializer


class ContactViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Contacts to the front door, for front door staff; others get an empty list and 404."""

    serializer_class = ContactSerializer
    queryset = Contact.objects.none()  # for the schema only; reads go through the selectors

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.visible_contacts(user=self.request.user).prefetch_related("children").order_by("-received_at")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access_event_record(user=request.user, action=AccessEvent.Action.LIST, object_type="contact", purpose="API")
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        contact = selectors.contact_get(user=request.user, contact_id=kwargs["pk"], purpose="Read a contact (API)")
        return Response(ContactSerializer(contact).data)


class MashEnquiryViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """MASH enquiries with each agency's research, for front door staff."""

    serializer_class = MashEnquirySerializer
    queryset = MashEnquiry.objects.none()  # for the schema only

    def get_queryset(self):  # type: ignore[no-untyped-def]
        contacts = selectors.visible_contacts(user=self.request.user)
        return (
            MashEnquiry.objects.filter(contact__in=contacts)
            .prefetch_related(Prefetch("requests", queryset=ResearchRequest.objects.select_related("agency")))
            .order_by("-created_at")
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        enquiry = visible_or_404(
            request.user,
            visible=self.get_queryset(),
            everything=MashEnquiry.objects.all(),
            pk=kwargs["pk"],
            object_type="mash_enquiry",
        )
        access_event_record(
            user=request.user, action=AccessEvent.Action.VIEW, object_type="mash_enquiry", object_id=enquiry.pk
        )
        return Response(MashEnquirySerializer(enquiry).data)
