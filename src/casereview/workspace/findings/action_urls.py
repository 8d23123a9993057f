from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("", views.actions, name="list"),
    path("new/", views.action_add, name="add"),
    path("<int:action_id>/", views.action_detail, name="detail"),
    path("<int:action_id>/edit/", views.action_edit, name="edit"),
    path("<int:action_id>/remove/", views.action_remove, name="remove"),
    path("<int:action_id>/status/", views.action_status, name="status"),
    path("<int:action_id>/notes/new/", views.note_add, name="note-add"),
    path("<int:action_id>/impact/", views.impact, name="impact"),
]
