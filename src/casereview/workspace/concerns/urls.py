from django.urls import path

from . import views

app_name = "concerns"
urlpatterns = [
    path("", views.concern_list, name="list"),
    path("new/", views.concern_add, name="add"),
    path("description-check/", views.description_check, name="description-check"),
    path("<int:concern_id>/", views.concern_detail, name="detail"),
    path("<int:concern_id>/edit/", views.concern_edit, name="edit"),
    path("<int:concern_id>/openings/", views.openings, name="openings"),
    path("<int:concern_id>/runs/new/", views.run_start, name="run-start"),
    path("<int:concern_id>/runs/<int:number>/", views.run_detail, name="run"),
    path("<int:concern_id>/runs/<int:number>/questions/<int:position>/", views.question, name="question"),
    path("shared/", views.disclosure_list, name="disclosures"),
    path("shared/new/", views.disclosure_add, name="disclosure-add"),
    path("shared/<int:disclosure_id>/", views.disclosure_edit, name="disclosure-edit"),
]
