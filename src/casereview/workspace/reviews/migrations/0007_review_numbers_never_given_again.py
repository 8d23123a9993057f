# A review keeps the last number it gave a finding and a recommendation, so a removed one's number is never given
# again. Reviews numbered before then start from the highest number they still have.

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce


def numbers_given_so_far(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    for counter, model in (
        ("last_finding_number", apps.get_model("findings", "Finding")),
        ("last_recommendation_number", apps.get_model("findings", "Recommendation")),
    ):
        top = model.objects.filter(review=OuterRef("pk")).order_by().values("review").annotate(top=Max("number"))
        Review.objects.update(**{counter: Coalesce(Subquery(top.values("top")), 0)})


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0006_review_aware_date"),
        ("findings", "0002_stored_recurrences"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="last_finding_number",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="review",
            name="last_recommendation_number",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(numbers_given_so_far, migrations.RunPython.noop),
    ]
