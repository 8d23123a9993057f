"""The date the local authority became aware of the incident, which the first statutory clock counts from.

Until now the clocks read awareness from the date of notification, so each existing review's awareness is its date
of notification: no clock moves. The next steps are stored again as 0005 stores them, awareness now read from its
own field.
"""

import importlib

from django.db import migrations, models

KEY_DATE_FIELDS = {
    "incident": "incident_date",
    "aware": "aware_date",
    "referral": "notification_date",
    "decision": "decision_date",
    "initiation": "initiation_date",
    "publication": "publication_date",
}


def copy_notification(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    Review.objects.filter(aware_date__isnull=True).update(aware_date=models.F("notification_date"))
    store_next_steps = importlib.import_module("casereview.workspace.reviews.migrations.0005_store_next_steps")
    store_next_steps.store_with(apps, KEY_DATE_FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0005_store_next_steps"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="aware_date",
            field=models.DateField(
                blank=True, null=True, verbose_name="Date the local authority became aware of the incident"
            ),
        ),
        migrations.RunPython(copy_notification, migrations.RunPython.noop),
    ]
