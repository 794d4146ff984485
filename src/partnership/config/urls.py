"""The URL map: pages at the root, the REST API under /api/v1/, its schema at /api/schema/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from partnership.access.api import AgencyViewSet, MeView
from partnership.audits.api import AuditRoundViewSet
from partnership.children.api import ChildViewSet
from partnership.encompass.api import EncompassNotificationViewSet
from partnership.frontdoor.api import ContactViewSet, MashEnquiryViewSet
from partnership.measures.api import IndicatorViewSet
from partnership.plans.api import ActionViewSet, FindingViewSet, InspectionViewSet
from partnership.strategy.api import StrategyMeetingViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("agencies", AgencyViewSet, basename="agency")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("findings", FindingViewSet, basename="finding")
router.register("actions", ActionViewSet, basename="action")
router.register("children", ChildViewSet, basename="child")
router.register("strategy-meetings", StrategyMeetingViewSet, basename="strategy-meeting")
router.register("contacts", ContactViewSet, basename="contact")
router.register("mash-enquiries", MashEnquiryViewSet, basename="mash-enquiry")
router.register("encompass-notifications", EncompassNotificationViewSet, basename="encompass-notification")
router.register("indicators", IndicatorViewSet, basename="indicators")
router.register("audit-rounds", AuditRoundViewSet, basename="audit-round")

api_v1 = [
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]

urlpatterns = [
    path("", include("partnership.frontend.urls")),
    path("", include("partnership.access.urls")),
    path("", include("partnership.plans.urls")),
    path("", include("partnership.reporting.urls")),
    path("", include("partnership.children.urls")),
    path("", include("partnership.strategy.urls")),
    path("", include("partnership.frontdoor.urls")),
    path("", include("partnership.encompass.urls")),
    path("measures/", include("partnership.measures.urls")),
    path("audits/", include("partnership.audits.urls")),
    path("records/", include("partnership.records.urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

handler403 = "partnership.frontend.views.permission_denied"
handler404 = "partnership.frontend.views.page_not_found"
handler500 = "partnership.frontend.views.server_error"
