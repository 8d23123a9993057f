# Reviews numbered before 0007 have both counters at 0, so removing their top finding would free its number again:
# each counter starts from the highest number the review has given that is still there.

from django.db import migrations
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest


def numbers_given_so_far(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    for counter, model in (
        ("last_finding_number", apps.get_model("findings", "Finding")),
        ("last_recommendation_number", apps.get_model("findings", "Recommendation")),
    ):
        top = model.objects.filter(review=OuterRef("pk")).order_by().values("review").annotate(top=Max("number"))
        Review.objects.update(**{counter: Greatest(counter, Coalesce(Subquery(top.values("top")), 0))})


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0007_review_numbers_never_given_again"),
        ("findings", "0002_stored_recurrences"),
    ]

    operations = [migrations.RunPython(numbers_given_so_far, migrations.RunPython.noop)]
