"""One review carried whole from one installation to another: a zip holding ``review.json`` (the format in
``docs/export-format.md``, checked against ``review-file.schema.json``) and the review's uploaded files."""
