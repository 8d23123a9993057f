"""Store the next step of every existing review, so the register can sort and page them in the database.

Worked out here from the historical models with the timescales engine, as ``clocks.services.store_next_steps``
does, so that later changes to the app's models cannot break this migration. The basis is worked out as
``clocks.services.next_step_basis`` does; should that ever differ, the register stores them again on first view.
"""

import datetime
import hashlib
import importlib.metadata
from collections import defaultdict

from django.db import migrations

KEY_DATE_FIELDS = {
    "incident": "incident_date",
    "aware": "notification_date",
    "referral": "notification_date",
    "decision": "decision_date",
    "initiation": "initiation_date",
    "publication": "publication_date",
}


def basis() -> str:
    from casereview.timescales.loader import STEPS_DIR

    digest = hashlib.sha256()
    for path in sorted(STEPS_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(importlib.metadata.version("holidays").encode())
    return digest.hexdigest()[:16]


def store(apps, schema_editor):
    store_with(apps, KEY_DATE_FIELDS)


def store_with(apps, key_date_fields: dict[str, str]) -> None:
    """Store every review's next step, its key dates read from these fields (later migrations change them)."""
    from casereview.timescales import (
        Basis,
        Direction,
        Period,
        Step,
        Unit,
        compute_due_dates,
        customise,
        next_due,
        steps_for,
    )

    Review = apps.get_model("reviews", "Review")
    StepRecord = apps.get_model("clocks", "StepRecord")
    Extension = apps.get_model("clocks", "Extension")
    ClosureDay = apps.get_model("clocks", "ClosureDay")
    LocalPeriod = apps.get_model("clocks", "LocalPeriod")
    LocalStep = apps.get_model("clocks", "LocalStep")

    def period(row):
        return Period(amount=row.amount, unit=Unit(row.unit), direction=Direction(row.direction))

    closures = defaultdict(list)
    for row in ClosureDay.objects.all():
        closures[row.partnership_id].append(row.day)
    periods = defaultdict(dict)
    for row in LocalPeriod.objects.all():
        periods[row.partnership_id, row.review_type][row.step_id] = period(row)
    added = defaultdict(list)
    for row in LocalStep.objects.order_by("pk"):
        added[row.partnership_id, row.review_type].append(
            Step(id=row.step_id, name=row.name, counts_from=row.counts_from, period=period(row), basis=Basis.LOCAL)
        )
    done = defaultdict(dict)
    for row in StepRecord.objects.filter(done_on__isnull=False):
        done[row.review_id][row.step_id] = row.done_on
    extended = defaultdict(dict)
    for row in Extension.objects.order_by("agreed_on", "pk"):
        extended[row.review_id][row.step_id] = row.due_on
    changed = []
    fingerprint = basis()
    for review in Review.objects.all():
        key = (review.partnership_id, review.review_type)
        steps = steps_for(review.review_type)
        if key in periods or key in added:
            steps = customise(steps, periods=periods.get(key, {}), added=added.get(key, ()))
        known = {step.id for step in steps.steps}
        clocks = compute_due_dates(
            steps,
            {name: getattr(review, field) for name, field in key_date_fields.items()},
            {step_id: day for step_id, day in done[review.pk].items() if step_id in known},
            today=datetime.date.today(),  # the status is not stored; any day gives the same next step
            closures=closures[review.partnership_id],
            extensions={step_id: day for step_id, day in extended[review.pk].items() if step_id in known},
        )
        upcoming = next_due(clocks)
        review.next_step_name = upcoming.step.name if upcoming else ""
        review.next_step_due = upcoming.due if upcoming else None
        review.next_step_basis = fingerprint
        changed.append(review)
    Review.objects.bulk_update(changed, ["next_step_name", "next_step_due", "next_step_basis"], batch_size=100)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0004_review_next_step"),
        ("clocks", "0001_clocks"),
    ]

    operations = [migrations.RunPython(store, migrations.RunPython.noop)]
