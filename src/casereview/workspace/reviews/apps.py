from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "casereview.workspace.reviews"
    label = "reviews"
    verbose_name = "Register of reviews"
