from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reviews/<int:review_id>/report/", views.review_report, name="review"),
    path("reviews/<int:review_id>/report/download/", views.review_report_download, name="review-download"),
    path("partnerships/<int:partnership_id>/self-assessment/", views.self_assessment_page, name="self-assessment"),
    path(
        "partnerships/<int:partnership_id>/self-assessment.docx",
        views.self_assessment_download,
        name="self-assessment-docx",
    ),
]
