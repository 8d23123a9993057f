from django.urls import path

from . import views

app_name = "plan"
urlpatterns = [
    path("partnerships/<int:partnership_id>/actions/", views.action_plan, name="plan"),
    path("partnerships/<int:partnership_id>/learning-across-reviews/", views.across_reviews, name="across"),
    path("partnerships/<int:partnership_id>/annual-report/", views.annual_report, name="annual-report"),
    path("partnerships/<int:partnership_id>/themes/", views.themes, name="themes"),
    path("partnerships/<int:partnership_id>/themes/new/", views.theme_add, name="theme-add"),
]
