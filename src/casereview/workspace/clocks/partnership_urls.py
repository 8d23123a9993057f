from django.urls import path

from . import views

app_name = "timescales"
urlpatterns = [
    path("partnerships/<int:partnership_id>/timeliness/", views.board, name="board"),
    path("partnerships/<int:partnership_id>/calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("accounts/calendar/reset/", views.calendar_reset, name="calendar-reset"),
]
