"""Saving a release: one transaction, one revision, and the notes to check.

In: the text of a release (and its file's `Hints`). Out: an `ImportOutcome`: the
statement (created, updated or found unchanged), its issuers, contacts, signatories (by
the `statement_imported` signal, which the coalitions app answers), tags, attachments,
old addresses and "please check" notes. Nothing is saved when any step fails.
"""

from dataclasses import dataclass, field

import reversion
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from advocacy.uploads import IMAGES_AND_PDF, clean_upload, setting

from ..models import Attachment, MediaContact, Statement, StatementIssuer
from ..signals import statement_imported
from .directory import Directory, in_directory
from .layout import parse_release
from .models import ImportNote, OldAddress, normalize_old_path


@dataclass
class ImportOutcome:
    statement: Statement | None  # None on a dry run of a release not imported yet
    created: bool
    updated: bool = False  # an existing statement was changed (`update=True`)
    release: object = None
    notes: list = field(default_factory=list)

    @property
    def status(self):
        if self.statement is None or self.statement.pk is None:
            return "new"
        return "created" if self.created else "updated" if self.updated else "unchanged"


def import_release(
    text, *, hints=None, publish=False, user=None, update=False, dry_run=False
) -> ImportOutcome:
    """Save a release as a statement; return an `ImportOutcome`.

    Raises `ReleaseFormatError` only for text that is no release. A statement already
    imported (the same old address, or the same release date and title or slug) is left
    as it is, unless `update` is true: then its text, issuers and contacts are replaced
    by the release's. The statement is a draft unless `publish` is true (callers give it
    only to publishers); an embargo line sets its publish time either way.
    `dry_run` reads and looks up, and saves nothing.
    """
    release = parse_release(text, hints=hints, is_organization=in_directory)
    if dry_run:
        statement = _existing_statement(release)
        return ImportOutcome(
            statement=statement, created=False, release=release, notes=release.notes
        )
    with transaction.atomic(), reversion.create_revision():
        statement = _existing_statement(release)
        if statement is not None and not update:
            return ImportOutcome(statement=statement, created=False, release=release)
        was_public = statement is not None and statement.is_public
        directory = Directory()
        issuers = [(directory.issuer(issuer), issuer.about) for issuer in release.issuers]
        for signer in release.signatories:
            directory.organization(signer.name)
        contacts = [(c.heading, *directory.contact(c)) for c in release.contacts]
        directory.spokespeople(release.spokespeople)

        created = statement is None
        if created:
            statement = Statement(created_by=user)
        changed = _apply(statement, release, publish=publish, user=user)
        if changed or created:
            statement.save()
        changed |= _set_issuers(statement, issuers, replace=not created)
        changed |= _set_contacts(statement, contacts, replace=not created)
        if release.tags:
            statement.tags.add(*release.tags)
        notes = list(release.notes)
        notes += _add_attachments(statement, release.attachments)
        notes += _add_old_addresses(statement, release.old_addresses)
        statement_imported.send(sender=Statement, statement=statement, release=release)
        if changed and was_public:
            statement.mark_corrected()
        if created or changed:
            _set_notes(statement, notes)
            # Issuers and contacts are bulk-inserted: the revision follows them from here.
            reversion.add_to_revision(statement)
            reversion.set_user(user)
            reversion.set_comment(
                "Imported." if created else "Updated from the text of the release."
            )
        return ImportOutcome(
            statement=statement,
            created=created,
            updated=changed and not created,
            release=release,
            notes=notes,
        )


def _existing_statement(release):
    paths = [normalize_old_path(address) for address in release.old_addresses]
    if paths:
        found = OldAddress.objects.filter(path__in=paths).select_related("statement").first()
        if found is not None:
            return found.statement
    slug = slugify(release.title)[: Statement._meta.get_field("slug").max_length].strip("-")
    # Undated, it was given the day of its first import: found by its title alone.
    dated = {"release_date": release.release_date} if release.dated else {}
    return (
        Statement.objects.filter(**dated)
        .filter(Q(slug=slug) | Q(title__iexact=release.title))
        .order_by("pk")
        .first()
    )


def _apply(statement, release, *, publish, user):
    values = {name: getattr(release, name) for name in Statement.CORRECTED_FIELDS}
    if release.publish_at and statement.publish_at != release.publish_at:
        if statement.status != Statement.Status.PUBLISHED or publish:
            values["publish_at"] = release.publish_at
    if publish and statement.status != Statement.Status.PUBLISHED:
        values["status"] = Statement.Status.PUBLISHED
        values["publish_at"] = values.get("publish_at") or statement.publish_at or timezone.now()
    changed = False
    for name, value in values.items():
        if getattr(statement, name) != value:
            setattr(statement, name, value)
            changed = True
    if changed and user is not None:
        statement.updated_by = user
    return changed


def _set_issuers(statement, issuers, *, replace):
    wanted, seen = [], set()
    for organization, about in issuers:
        if organization.pk not in seen:
            seen.add(organization.pk)
            wanted.append((organization.pk, about))
    if replace:
        if list(statement.issuers.values_list("organization_id", "about")) == wanted:
            return False
        statement.issuers.all().delete()
    StatementIssuer.objects.bulk_create(
        StatementIssuer(statement=statement, organization_id=pk, about=about, position=position)
        for position, (pk, about) in enumerate(wanted)
    )
    return bool(wanted) or replace


def _set_contacts(statement, contacts, *, replace):
    wanted, people = [], set()
    for heading, person, organization in contacts:
        if person is not None and person.pk in people:
            continue
        if person is not None:
            people.add(person.pk)
        wanted.append((heading, person and person.pk, organization and organization.pk))
    if replace:
        existing = statement.contacts.values_list("heading", "person_id", "organization_id")
        if list(existing) == wanted:
            return False
        statement.contacts.all().delete()
    MediaContact.objects.bulk_create(
        MediaContact(
            statement=statement,
            heading=heading,
            person_id=person,
            organization_id=organization,
            position=position,
        )
        for position, (heading, person, organization) in enumerate(wanted)
    )
    return bool(wanted) or replace


def _add_attachments(statement, attachments):
    """Store the release's images (checked as any upload is); notes for the others."""
    notes = []
    have = set(statement.attachments.values_list("title", flat=True))
    position = statement.attachments.count()
    for attachment in attachments:
        if attachment.title in have:
            continue
        if attachment.data is None:
            notes.append(
                f"The image {attachment.address or attachment.name} was not found with the "
                "export: upload it as an attachment if it is still wanted."
            )
            continue
        upload = SimpleUploadedFile(attachment.name, attachment.data)
        try:
            safe = clean_upload(
                upload, accept=IMAGES_AND_PDF, max_size=setting("UPLOAD_MAX_ATTACHMENT_SIZE")
            )
        except ValidationError as error:
            notes.append(f"The file {attachment.name} was not attached: {error.messages[0]}")
            continue
        Attachment.objects.create(
            statement=statement, file=safe, title=attachment.title[:200], position=position
        )
        have.add(attachment.title)
        position += 1
    return notes


def _add_old_addresses(statement, addresses):
    notes = []
    for address in addresses:
        path = normalize_old_path(address)
        if path == "/":
            continue
        old, made = OldAddress.objects.get_or_create(path=path, defaults={"statement": statement})
        if not made and old.statement_id != statement.pk:
            notes.append(f"The old address {path} already leads to another statement.")
    return notes


def _set_notes(statement, notes):
    statement.import_notes.unchecked().delete()
    ImportNote.objects.bulk_create(
        ImportNote(statement=statement, text=text, position=position)
        for position, text in enumerate(dict.fromkeys(notes))
    )
