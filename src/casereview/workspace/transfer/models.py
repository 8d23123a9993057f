from django.conf import settings
from django.db import models

from ..reviews.models import Review


class ImportedReview(models.Model):
    """Where an imported review came from, and the people its file named who have no account in this partnership.

    ``people`` maps "<record kind>:<record id>:<field>" (as in ``transfer.kinds``) to the person the file named,
    ``{"username": ..., "name": ...}``, so the names are kept though no account can be linked, and a later export
    names them again.
    """

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="import_record")
    source_partnership = models.CharField("Exported from", max_length=200)
    exported_at = models.DateTimeField("Exported")
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    with_concerns = models.BooleanField()
    people = models.JSONField(default=dict, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.review} imported from {self.source_partnership}"

    def kept_person(self, kind: str, record_id: int, field: str) -> str | None:
        """The person the file named for that field of that record, when kept by name: "Bea Lewis (bea)"."""
        person = self.people.get(f"{kind}:{record_id}:{field}")
        return f"{person['name']} ({person['username']})" if person else None

    def forget(self, kind: str, record_id: int, field: str) -> None:
        """Stop naming the kept person for that field: someone with an account here has taken their place."""
        if self.people.pop(f"{kind}:{record_id}:{field}", None) is not None:
            self.save(update_fields=["people"])

    @property
    def kept_names(self) -> list[str]:
        """Each person named in the file and not linked to an account here, once, in order of name."""
        return sorted({f"{person['name']} ({person['username']})" for person in self.people.values()})
