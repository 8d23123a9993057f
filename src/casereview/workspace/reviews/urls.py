from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.create, name="create"),
    path("<int:review_id>/", views.detail, name="detail"),
    path("<int:review_id>/edit/", views.edit, name="edit"),
    path("<int:review_id>/close/", views.close, name="close"),
    path("<int:review_id>/archive/", views.archive, name="archive"),
    path("<int:review_id>/restore/", views.restore, name="restore"),
]
