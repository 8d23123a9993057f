from django.urls import path

from . import views

app_name = "clocks"
urlpatterns = [
    path("<slug:step_id>/", views.record, name="record"),
    path("<slug:step_id>/extensions/new/", views.extend, name="extend"),
]
