from django.urls import path

from . import views

app_name = "timescales"
urlpatterns = [
    path("partnerships/<int:partnership_id>/timeliness/", views.board, name="board"),
    path("partnerships/<int:partnership_id>/timescales/", views.timescales, name="timescales"),
    path("partnerships/<int:partnership_id>/timescales/closures/new/", views.closure_add, name="closure-add"),
    path("partnerships/<int:partnership_id>/timescales/steps/new/", views.step_add, name="step-add"),
    path(
        "partnerships/<int:partnership_id>/timescales/<slug:review_type>/<slug:step_id>/period/",
        views.period_edit,
        name="period",
    ),
    path("partnerships/<int:partnership_id>/calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("accounts/calendar/reset/", views.calendar_reset, name="calendar-reset"),
]
