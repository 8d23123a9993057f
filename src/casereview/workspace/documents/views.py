from django.http import FileResponse, HttpRequest

from ..reviews.services import get_review
from . import services


def download(request: HttpRequest, review_id: int, document_id: int) -> FileResponse:
    review = get_review(request.user, review_id)
    document = services.get_document(review, document_id)
    return FileResponse(
        services.document_path(document).open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
