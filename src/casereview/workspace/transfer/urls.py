from django.urls import path

from . import views

app_name = "transfer"
urlpatterns = [
    path("reviews/<int:review_id>/export/", views.export_page, name="export"),
    path("reviews/<int:review_id>/export/file/", views.export_file, name="export-file"),
    path("partnerships/<int:partnership_id>/import-review/", views.import_page, name="import"),
]
