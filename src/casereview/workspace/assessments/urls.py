from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("<slug:marker_id>/", views.marker, name="marker"),
    path("<slug:marker_id>/judgement/", views.judgement, name="judgement"),
    path("<slug:marker_id>/indicators/<slug:indicator_id>/", views.answer, name="answer"),
]
