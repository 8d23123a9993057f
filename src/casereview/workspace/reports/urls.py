from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reviews/<int:review_id>/report/", views.review_report, name="review"),
    path("reviews/<int:review_id>/report/jobs/", views.ask_for_report, name="ask"),
    path("partnerships/<int:partnership_id>/reports/<int:job_id>/", views.job_page, name="job"),
    path("partnerships/<int:partnership_id>/reports/<int:job_id>/file/", views.job_file, name="job-file"),
    path("partnerships/<int:partnership_id>/self-assessment/", views.self_assessment_page, name="self-assessment"),
    path(
        "partnerships/<int:partnership_id>/self-assessment.docx",
        views.self_assessment_download,
        name="self-assessment-docx",
    ),
]
