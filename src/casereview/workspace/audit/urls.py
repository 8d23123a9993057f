from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("partnerships/<int:partnership_id>/audit-trail/", views.trail, name="trail"),
    path("partnerships/<int:partnership_id>/audit-trail.csv", views.trail_csv, name="trail-csv"),
]
