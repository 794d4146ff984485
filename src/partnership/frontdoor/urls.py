from django.urls import path

from partnership.frontdoor import views

app_name = "frontdoor"

urlpatterns = [
    path("front-door/", views.queue, name="queue"),
    path("front-door/contacts/new/", views.contact_create, name="contact-create"),
    path("front-door/contacts/<uuid:contact_id>/", views.contact_detail, name="contact-detail"),
    path("front-door/contacts/<uuid:contact_id>/children/", views.contact_link_child, name="contact-link-child"),
    path("front-door/contacts/<uuid:contact_id>/enquiry/", views.enquiry_open, name="enquiry-open"),
    path("front-door/contacts/<uuid:contact_id>/decision/", views.enquiry_decide, name="enquiry-decide"),
    path("front-door/contacts/<uuid:contact_id>/confirm/", views.decision_confirm, name="decision-confirm"),
    path("front-door/research/", views.research_list, name="research-list"),
    path("front-door/research/<uuid:request_id>/", views.research_return, name="research-return"),
    path("front-door/checks/", views.checks, name="checks"),
    path("front-door/measures/", views.measures, name="measures"),
    path("front-door/feedback/<uuid:feedback_id>/told/", views.feedback_told, name="feedback-told"),
]
