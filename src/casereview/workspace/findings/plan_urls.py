from django.urls import path

from . import views

app_name = "plan"
urlpatterns = [
    path("partnerships/<int:partnership_id>/actions/", views.action_plan, name="plan"),
]
