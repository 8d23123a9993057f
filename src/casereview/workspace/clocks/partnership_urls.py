from django.urls import path

from . import views

app_name = "timescales"
urlpatterns = [
    path("partnerships/<int:partnership_id>/timeliness/", views.board, name="board"),
]
