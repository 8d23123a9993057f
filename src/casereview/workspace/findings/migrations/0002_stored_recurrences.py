# Matches of findings that recur, kept when a finding is saved rather than made on every view.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('findings', '0001_findings_recommendations_actions'),
        ('reviews', '0006_review_aware_date'),
    ]

    operations = [
        migrations.CreateModel(
            name='RecurrenceState',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fingerprint', models.CharField(max_length=64)),
                ('review', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='recurrence_state', to='reviews.review')),
            ],
        ),
        migrations.CreateModel(
            name='StoredRecurrence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('score', models.FloatField()),
                ('shared_words', models.JSONField(default=list)),
                ('shared_themes', models.JSONField(default=list)),
                ('earlier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recurred_in', to='findings.finding')),
                ('finding', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recurrences', to='findings.finding')),
            ],
            options={
                'ordering': ['-score', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('finding', 'earlier'), name='one_stored_recurrence_per_pair')],
            },
        ),
    ]
