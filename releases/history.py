"""Revisions of statements: what is recorded, how two versions compare, restoring one.

django-reversion stores each revision as a group of versions. A statement is registered
to follow its issuers, media contacts, attachments and tags, and each of those follows
its statement, so any revision that touches one part holds a copy of the whole statement
as it then was: one revision can be compared with another, and restored, as a whole.

Revisions are made where a change is made on purpose: the admin (change form, publish and
unpublish, import), `import_release`, restoring, and the sign-on services. Bulk inserts
(`bench_data`) and queryset updates outside those places record nothing.
"""

import difflib
import json
import re
from dataclasses import dataclass, field

import reversion
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from reversion.models import Version
from taggit.models import Tag

from advocacy.models import Organization, Person

from .models import Attachment, MediaContact, Statement, StatementIssuer, TaggedStatement

#: The statement's fields shown in a comparison, in the order of the admin form.
COMPARED_FIELDS = (
    *Statement.CONTENT_FIELDS,
    "status",
    "publish_at",
    "language",
    "translation_of",
    "slug",
)
#: Compared word by word rather than as a whole value.
TEXT_FIELDS = {"title", "deck", "body"}

#: What a restore brings back. Not the publishing state (status, publish time) nor the
#: slug: restoring content never publishes a draft, unpublishes, re-embargoes or moves a
#: statement's public address.
RESTORED_FIELDS = (*Statement.CORRECTED_FIELDS, "translation_of")

#: The statement's parts: (attribute on a snapshot, model, label, how a row reads).
PARTS = (
    ("issuers", StatementIssuer, "issued by"),
    ("contacts", MediaContact, "media contacts"),
    ("attachments", Attachment, "attachments"),
)
PART_FIELDS = {
    "issuers": ("organization_id", "about", "position"),
    "contacts": ("heading", "person_id", "organization_id", "position"),
    "attachments": ("file", "title", "position"),
}

#: The comments of revisions made without a signed-in user start with who acted.
SIGNER = "By the signer: "
SYSTEM = "By the system: "


def register():
    reversion.register(
        Statement,
        exclude=("body_html", "search_vector", "social_card"),
        follow=("issuers", "contacts", "attachments", "taggedstatement_set"),
    )
    reversion.register(StatementIssuer, follow=("statement",))
    reversion.register(MediaContact, follow=("statement",))
    reversion.register(Attachment, follow=("statement",))
    reversion.register(TaggedStatement, follow=("content_object", "tag"))
    reversion.register(Tag)


def author(revision):
    """Who made a revision, as the history page names them."""
    if revision.user_id:
        return revision.user.get_full_name() or revision.user.get_username()
    if revision.comment.startswith(SIGNER):
        return "the signer"
    return "the system"


def description(revision):
    """The revision's comment without the actor prefix (shown in its own column)."""
    for prefix in (SIGNER, SYSTEM):
        if revision.comment.startswith(prefix):
            return revision.comment.removeprefix(prefix)
    return revision.get_comment()


# Snapshots: a statement and its parts as plain values, from a revision or the database


@dataclass
class Snapshot:
    fields: dict
    issuers: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    tags: list = field(default_factory=list)

    def content(self):
        """What counts as a correction when it changes."""
        return (
            {name: self.fields.get(name) for name in Statement.CORRECTED_FIELDS},
            self.issuers,
            self.contacts,
            self.attachments,
        )


def _row(values, names):
    return {name: values.get(name) for name in names}


def _ordered(rows):
    return sorted(rows, key=lambda row: (row.get("position") or 0, row.get("id") or 0))


def snapshot_of_revision(revision, statement_id, versions=None):
    """The statement `statement_id` as `revision` recorded it (None if it is not in it)."""
    versions = versions if versions is not None else list(revision.version_set.all())
    by_model = {}
    for version in versions:
        by_model.setdefault(version.content_type_id, []).append(version)

    def dicts(model):
        content_type = reversion.revisions._get_content_type(model, Version.objects.db)
        return [v.field_dict | {"id": int(v.object_id)} for v in by_model.get(content_type.pk, [])]

    statement = next((d for d in dicts(Statement) if d["id"] == statement_id), None)
    if statement is None:
        return None
    snapshot = Snapshot(fields=statement)
    for attribute, model, _ in PARTS:
        rows = [
            _row(d, ("id", *PART_FIELDS[attribute]))
            for d in dicts(model)
            if d["statement_id"] == statement_id
        ]
        for row in rows:
            if "file" in row:
                row["file"] = str(row["file"] or "")
        setattr(snapshot, attribute, [_strip_id(row) for row in _ordered(rows)])
    tag_names = {d["id"]: d["name"] for d in dicts(Tag)}
    tag_ids = [
        d["tag_id"] for d in dicts(TaggedStatement) if d["content_object_id"] == statement_id
    ]
    missing = [pk for pk in tag_ids if pk not in tag_names]
    tag_names |= dict(Tag.objects.filter(pk__in=missing).values_list("pk", "name"))
    snapshot.tags = sorted(tag_names[pk] for pk in tag_ids if pk in tag_names)
    return snapshot


def _strip_id(row):
    return {name: value for name, value in row.items() if name != "id"}


def snapshot_of_statement(statement):
    """The statement as it is in the database now."""
    options = reversion.revisions._get_options(Statement)
    fields = {}
    for name in options.fields:
        model_field = Statement._meta.get_field(name)
        if not model_field.many_to_many:
            fields[model_field.attname] = getattr(statement, model_field.attname)
    snapshot = Snapshot(fields=fields)
    for attribute, model, _ in PARTS:
        rows = model.objects.filter(statement=statement).order_by("position", "id")
        values = [_row(vars(row), PART_FIELDS[attribute]) for row in rows]
        for row, obj in zip(values, rows, strict=True):
            if "file" in row:
                row["file"] = obj.file.name or ""
        setattr(snapshot, attribute, values)
    snapshot.tags = sorted(statement.tags.names())
    return snapshot


# Comparing two snapshots


@dataclass
class Change:
    label: str
    old: str
    new: str
    diff: str  # HTML, escaped


def _names(model, ids):
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return {}
    return {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)}


class _Labels:
    """Names of the directory entries and statements two snapshots point at."""

    def __init__(self, *snapshots):
        snapshots = [s for s in snapshots if s is not None]
        org_ids, person_ids, statement_ids = set(), set(), set()
        for snapshot in snapshots:
            for row in snapshot.issuers + snapshot.contacts:
                org_ids.add(row.get("organization_id"))
                person_ids.add(row.get("person_id"))
            statement_ids.add(snapshot.fields.get("translation_of_id"))
        self.organizations = _names(Organization, org_ids)
        self.people = _names(Person, person_ids)
        self.statements = _names(Statement, statement_ids)

    def organization(self, pk):
        return self.organizations.get(pk, f"organization #{pk} (deleted)")

    def person(self, pk):
        return self.people.get(pk, f"person #{pk} (deleted)")

    def lines(self, attribute, rows):
        lines = []
        for row in rows:
            if attribute == "issuers":
                line = self.organization(row["organization_id"])
                if row["about"]:
                    line += f" — About: {row['about']}"
            elif attribute == "contacts":
                who = [
                    self.person(row["person_id"]) if row["person_id"] else "",
                    self.organization(row["organization_id"]) if row["organization_id"] else "",
                ]
                line = f"{row['heading']}: {', '.join(part for part in who if part)}"
            else:
                line = f"{row['title']} ({row['file'].rsplit('/', 1)[-1]})"
            lines.append(line)
        return lines

    def value(self, name, value):
        if value is None or value == "":
            return ""
        if name == "translation_of_id":
            return self.statements.get(value, f"statement #{value} (deleted)")
        try:
            model_field = Statement._meta.get_field(name)
        except FieldDoesNotExist:
            return str(value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if hasattr(value, "tzinfo"):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if hasattr(value, "isoformat"):
            return date_format(value, "DATE_FORMAT")
        return str(value)


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old, new):
    """HTML of `new` against `old`, word by word: <del> what went, <ins> what came."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))


def line_diff(old_lines, new_lines):
    """HTML list of rows: kept, removed (<del>) and added (<ins>)."""
    items = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            items += [f"<li>{escape(line)}</li>" for line in old_lines[i1:i2]]
            continue
        items += [
            f'<li class="removed"><del>{escape(line)}</del></li>' for line in old_lines[i1:i2]
        ]
        items += [f'<li class="added"><ins>{escape(line)}</ins></li>' for line in new_lines[j1:j2]]
    return mark_safe(f'<ul class="history-lines">{"".join(items)}</ul>')


def compare(old, new):
    """The changes from snapshot `old` (None: nothing before) to `new`, field by field."""
    labels = _Labels(old, new)
    old_fields = old.fields if old else {}
    changes = []
    for name in COMPARED_FIELDS:
        model_field = Statement._meta.get_field(name)
        attname = model_field.attname
        before = labels.value(attname, old_fields.get(attname))
        after = labels.value(attname, new.fields.get(attname))
        if before == after:
            continue
        if name in TEXT_FIELDS:
            diff = word_diff(before, after)
        else:
            diff = mark_safe(
                (f"<del>{escape(before)}</del> " if before else "")
                + (f"<ins>{escape(after)}</ins>" if after else "")
            )
        changes.append(Change(capfirst(model_field.verbose_name), before, after, diff))
    for attribute, _, label in PARTS:
        before = labels.lines(attribute, getattr(old, attribute) if old else [])
        after = labels.lines(attribute, getattr(new, attribute))
        if before != after:
            changes.append(
                Change(
                    capfirst(label), "\n".join(before), "\n".join(after), line_diff(before, after)
                )
            )
    before, after = (old.tags if old else []), new.tags
    if before != after:
        changes.append(
            Change("Tags", ", ".join(before), ", ".join(after), line_diff(before, after))
        )
    return changes


# The history of one statement


def statement_versions(statement):
    """The statement's versions, newest first, each with its revision and user."""
    return (
        Version.objects.get_for_object(statement)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-revision_id")
    )


def snapshots(revisions, statement_id):
    """{revision id: Snapshot} for these revisions, in one query."""
    versions = {}
    for version in Version.objects.filter(revision__in=revisions).select_related("content_type"):
        versions.setdefault(version.revision_id, []).append(version)
    return {
        revision.pk: snapshot_of_revision(revision, statement_id, versions.get(revision.pk, []))
        for revision in revisions
    }


# Restoring


class RestoreError(Exception):
    """The revision cannot be restored; the message says why, for staff."""


def restore(statement, revision, *, user):
    """Bring back the statement's content, issuers, contacts, attachments and tags as
    `revision` recorded them, as a new revision. Its publishing state, slug and
    signatories stay as they are now. Returns the changes made (empty: nothing to do).
    """
    target = snapshot_of_revision(revision, statement.pk)
    if target is None:
        raise RestoreError("This revision holds no version of this statement.")
    labels = _Labels(target)
    missing = [
        labels.organization(pk)
        for pk in {r["organization_id"] for r in target.issuers + target.contacts}
        if pk is not None and pk not in labels.organizations
    ] + [
        labels.person(r["person_id"])
        for r in target.contacts
        if r["person_id"] is not None and r["person_id"] not in labels.people
    ]
    if missing:
        raise RestoreError(
            "It names directory entries that no longer exist: "
            + ", ".join(missing)
            + ". Nothing was changed."
        )
    with transaction.atomic(), reversion.create_revision():
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        current = snapshot_of_statement(statement)
        changes = compare(current, target)
        if not changes:
            return []
        was_public = statement.is_public
        for name in RESTORED_FIELDS:
            attname = Statement._meta.get_field(name).attname
            setattr(statement, attname, target.fields.get(attname))
        if statement.translation_of_id and statement.translation_of_id not in labels.statements:
            statement.translation_of = None
        statement.updated_by = user
        statement.save()
        for attribute, model, _ in PARTS:
            model.objects.filter(statement=statement).delete()
            for row in getattr(target, attribute):
                model.objects.create(statement=statement, **row)
        statement.tags.set(target.tags)
        if was_public and current.content() != snapshot_of_statement(statement).content():
            statement.mark_corrected()
        reversion.add_to_revision(statement)
        reversion.set_user(user)
        when = date_format(timezone.localtime(revision.date_created), "DATETIME_FORMAT")
        reversion.set_comment(f"Restored the version of {when}.")
    return changes


# Privacy


def scrub_versions(model, pks, values):
    """Overwrite `values` (field: value) in every stored version of these objects.

    For erasing personal data: what is erased from a row is erased from its history.
    """
    keys = [str(pk) for pk in pks]
    for start in range(0, len(keys), 500):
        batch = []
        versions = Version.objects.get_for_model(model).filter(
            object_id__in=keys[start : start + 500]
        )
        for version in versions.only("pk", "serialized_data"):
            data = json.loads(version.serialized_data)
            for item in data:
                item["fields"].update(
                    {name: value for name, value in values.items() if name in item["fields"]}
                )
            version.serialized_data = json.dumps(data)
            batch.append(version)
        Version.objects.bulk_update(batch, ["serialized_data"])


# What the admin's history pages ask of a model's history


class ObjectHistory:
    """The history of one registered object on its own: its fields, compared one by one."""

    restorable = False

    def versions(self, obj):
        return (
            Version.objects.get_for_object(obj)
            .select_related("revision__user")
            .order_by("-revision__date_created", "-revision_id")
        )

    def snapshots(self, revisions, obj):
        content_type = reversion.revisions._get_content_type(type(obj), Version.objects.db)
        found = Version.objects.filter(
            revision__in=revisions, content_type=content_type, object_id=str(obj.pk)
        )
        return {version.revision_id: version.field_dict for version in found}

    def fields(self, obj):
        options = reversion.revisions._get_options(type(obj))
        names = [type(obj)._meta.get_field(name) for name in options.fields]
        return [f for f in names if f.concrete and not f.many_to_many and not f.primary_key]

    def compare(self, old, new, obj):
        changes = []
        for model_field in self.fields(obj):
            before = (old or {}).get(model_field.attname)
            after = new.get(model_field.attname)
            if before == after:
                continue
            before, after = self._value(model_field, before), self._value(model_field, after)
            if before == after:
                continue
            if model_field.get_internal_type() == "TextField":
                diff = word_diff(before, after)
            else:
                diff = mark_safe(
                    (f"<del>{escape(before)}</del> " if before else "")
                    + (f"<ins>{escape(after)}</ins>" if after else "")
                )
            changes.append(Change(capfirst(model_field.verbose_name), before, after, diff))
        return changes

    @staticmethod
    def _value(model_field, value):
        if value is None or value == "":
            return ""
        if model_field.is_relation:
            related = model_field.related_model._base_manager.filter(pk=value).first()
            return str(related) if related is not None else f"#{value} (deleted)"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if hasattr(value, "tzinfo"):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return str(value)


class StatementHistory(ObjectHistory):
    """A statement with its issuers, contacts, attachments and tags, restorable."""

    restorable = True

    def versions(self, obj):
        return statement_versions(obj)

    def snapshots(self, revisions, obj):
        return snapshots(revisions, obj.pk)

    def compare(self, old, new, obj):
        return compare(old, new)

    def current(self, obj):
        return snapshot_of_statement(obj)

    def restore(self, obj, revision, *, user):
        return restore(obj, revision, user=user)
