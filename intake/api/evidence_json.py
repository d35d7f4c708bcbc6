"""Evidence attachments as the API shows them, in the attachment routes and in each version
of a report (`versions[].attachments`)."""
from __future__ import annotations

from forms.labels import place_names
from forms.registry import form_definition
from intake.extensions import db
from intake.services.attachment_links import certified_with


def attachment_json(attachment, report, document=None) -> dict:
    """`place` / `place_vi` name `path` in the form's words, in `document` (the report's
    working copy unless given: a version's own document for what it was certified with)."""
    place_vi, place_en = place_names(form_definition(report.form.value), attachment.path,
                                     report.document if document is None else document)
    return {"id": attachment.id, "name": attachment.name, "size": attachment.size,
            "sha256": attachment.sha256, "media_type": attachment.media_type,
            "path": attachment.path, "place": place_en,
            "place_vi": place_vi, "description": attachment.description,
            "uploaded_at": attachment.uploaded_at_utc, "removed_at": attachment.removed_at_utc}


def versions_attachments_json(report) -> dict[int, list[dict]]:
    """By version number: the attachments each submitted version was certified with."""
    by_id = certified_with(db.session, report.versions)
    found: dict[int, list[dict]] = {}
    for version in report.versions:
        listed = by_id.get(version.id, [])
        document = version.document if listed else None
        found[version.number] = [attachment_json(a, report, document) for a in listed]
    return found
