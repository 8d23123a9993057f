from django.conf import settings
from django.db import models

from ..reviews.models import Review


class DocumentKind(models.TextChoices):
    DOCX = "docx", "Word document"
    PDF = "pdf", "PDF"


class Document(models.Model):
    """An uploaded file, stored outside the web root under a random name and served only to members."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="documents")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return {
            DocumentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            DocumentKind.PDF: "application/pdf",
        }[DocumentKind(self.kind)]

    @property
    def size_label(self) -> str:
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"
