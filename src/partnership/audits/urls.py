from django.urls import path

from partnership.audits import casework_views, results_views, views

app_name = "audits"

urlpatterns = [
    # Rounds and tools (views.py)
    path("", views.round_list, name="round-list"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<uuid:round_id>/", views.round_detail, name="round-detail"),
    path("rounds/<uuid:round_id>/sample/", views.round_sample, name="round-sample"),
    path("rounds/<uuid:round_id>/cases/new/", views.round_add_case, name="round-add-case"),
    path("rounds/<uuid:round_id>/auditors/new/", views.round_add_auditor, name="round-add-auditor"),
    path("rounds/<uuid:round_id>/open/", views.round_open, name="round-open"),
    path("rounds/<uuid:round_id>/moderation/", views.round_begin_moderation, name="round-begin-moderation"),
    path("rounds/<uuid:round_id>/complete/", views.round_complete, name="round-complete"),
    path("tools/", views.tool_list, name="tool-list"),
    path("tools/new/", views.tool_create, name="tool-create"),
    path("tools/<uuid:tool_id>/", views.tool_detail, name="tool-detail"),
    # Returns, cases, moderation and recommendations (casework_views.py)
    path("returns/", casework_views.return_list, name="return-list"),
    path("returns/<uuid:return_id>/", casework_views.return_detail, name="return-detail"),
    path("returns/<uuid:return_id>/assign/", casework_views.return_assign, name="return-assign"),
    path("cases/<uuid:case_id>/", casework_views.case_detail, name="case-detail"),
    path("cases/<uuid:case_id>/record/", casework_views.case_record, name="case-record"),
    path("cases/<uuid:case_id>/moderation/", casework_views.case_moderate, name="case-moderate"),
    path(
        "rounds/<uuid:round_id>/recommendations/new/",
        casework_views.recommendation_create,
        name="recommendation-create",
    ),
    path(
        "recommendations/<uuid:recommendation_id>/action/",
        casework_views.recommendation_action,
        name="recommendation-action",
    ),
    # Results and the round report (results_views.py)
    path("results/", results_views.results, name="results"),
    path("rounds/<uuid:round_id>/results/", results_views.round_results, name="round-results"),
    path("rounds/<uuid:round_id>/report.pdf", results_views.round_report_pdf, name="round-report-pdf"),
    path("rounds/<uuid:round_id>/report.xlsx", results_views.round_report_xlsx, name="round-report-xlsx"),
]
