from django.http import FileResponse, HttpRequest

from ..access import review_view
from ..accounts.permissions import Action
from ..audit.services import record_opening
from ..reviews.models import Review
from . import services


@review_view(Action.VIEW_DOCUMENTS)
def download(request: HttpRequest, review: Review, document_id: int) -> FileResponse:
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
