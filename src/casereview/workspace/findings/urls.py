from django.urls import path

from . import views

app_name = "findings"
urlpatterns = [
    path("", views.findings, name="list"),
    path("new/", views.finding_add, name="add"),
    path("check/", views.statement_check, name="statement-check"),
    path("<int:finding_id>/", views.finding_edit, name="edit"),
    path("<int:finding_id>/found-before/", views.found_before, name="found-before"),
    path("<int:finding_id>/remove/", views.finding_remove, name="remove"),
    path("recommendations/new/", views.recommendation_add, name="recommendation-add"),
    path("recommendations/<int:recommendation_id>/", views.recommendation_edit, name="recommendation-edit"),
    path("recommendations/<int:recommendation_id>/remove/", views.recommendation_remove, name="recommendation-remove"),
]
