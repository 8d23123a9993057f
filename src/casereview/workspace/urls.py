from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.start, name="start"),
    path("accounts/", include("casereview.workspace.accounts.urls")),
    path("reviews/", include("casereview.workspace.reviews.urls")),
    path("", include("casereview.workspace.learning.urls")),
    path("", include("casereview.workspace.audit.urls")),
    path("", include("casereview.workspace.clocks.partnership_urls")),
    path("", include("casereview.workspace.findings.plan_urls")),
    path("", include("casereview.workspace.reports.urls")),
    path("reviews/<int:review_id>/markers/", include("casereview.workspace.assessments.urls")),
    path("reviews/<int:review_id>/purpose/", include("casereview.workspace.purpose.urls")),
    path("reviews/<int:review_id>/documents/", include("casereview.workspace.documents.urls")),
    path("reviews/<int:review_id>/concerns/", include("casereview.workspace.concerns.urls")),
    path("reviews/<int:review_id>/steps/", include("casereview.workspace.clocks.urls")),
    path("", include("casereview.workspace.transfer.urls")),
    path("reviews/<int:review_id>/findings/", include("casereview.workspace.findings.urls")),
    path("reviews/<int:review_id>/actions/", include("casereview.workspace.findings.action_urls")),
]

handler404 = "casereview.workspace.views.not_found"
handler403 = "casereview.workspace.views.forbidden"
handler500 = "casereview.workspace.views.server_error"
