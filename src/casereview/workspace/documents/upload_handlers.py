"""Receiving uploads so that a file with an unusable name is refused with a message, not silently dropped."""

from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParser

# A name with no letters or numbers, that Django still accepts as a file name and stored_name refuses.
NOTHING_USABLE = "..."


class _KeepingUnusableNames(MultiPartParser):
    def sanitize_file_name(self, file_name: str) -> str | None:
        # Django drops a file sent as "..", "." or "folder/" as if none had been chosen, so the form saved without
        # it. An empty name is what a browser sends when no file was chosen, and stays that.
        return super().sanitize_file_name(file_name) or (NOTHING_USABLE if file_name.strip() else None)


class RefuseUnusableNames(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: parses the form with the handlers after it, keeping badly named files."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        others = [handler for handler in self.request.upload_handlers if handler is not self]
        return _KeepingUnusableNames(META, input_data, others, encoding).parse()
