"""The digest of each logged communication's text, so pages find its stored wording check without reading it."""

import hashlib

from django.db import migrations


def fill(apps, schema_editor):
    Communication = apps.get_model("purpose", "Communication")
    changed = []
    for communication in Communication.objects.only("pk", "summary").iterator(chunk_size=200):
        communication.summary_digest = hashlib.sha256(
            communication.summary.encode("utf-8", "surrogatepass")
        ).hexdigest()
        changed.append(communication)
    Communication.objects.bulk_update(changed, ["summary_digest"], batch_size=200)


class Migration(migrations.Migration):
    dependencies = [("purpose", "0003_communication_summary_digest")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
