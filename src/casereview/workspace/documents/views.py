from django.http import FileResponse, HttpRequest

from ..audit.services import record_opening
from ..reviews.services import get_review
from . import services


def download(request: HttpRequest, review_id: int, document_id: int) -> FileResponse:
    review = get_review(request.user, review_id)
    document = services.get_document(review, document_id)
    record_opening(
        request,
        document,
        partnership=review.partnership,
        review=review,
        description=f"document {document.pk} of {review.reference}",
    )
    return FileResponse(
        services.document_path(document).open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
