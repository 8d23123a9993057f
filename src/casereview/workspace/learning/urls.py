from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("partnerships/<int:partnership_id>/learning-framework/", views.framework, name="framework"),
    path("partnerships/<int:partnership_id>/learning-framework/edit/", views.framework_edit, name="framework-edit"),
    path("causation-models/<slug:model_id>/", views.causation_model, name="model"),
]
