"""Small factories with overridable defaults, shared by the whole suite."""

import datetime
import itertools

from django.utils import timezone

from advocacy.models import Organization, Person, Phone, User
from coalitions.models import Signatory
from releases.models import MediaContact, Statement, StatementIssuer

_seq = itertools.count(1)


def make_user(*, staff=True, superuser=True, **fields):
    n = next(_seq)
    fields.setdefault("username", f"staff{n}")
    fields.setdefault("email", f"staff{n}@example.org")
    user = User(is_staff=staff, is_superuser=superuser, **fields)
    user.set_password("correct horse battery staple")
    user.save()
    return user


def make_organization(**fields):
    n = next(_seq)
    fields.setdefault("name", f"Organization {n}")
    return Organization.objects.create(**fields)


def make_person(*, phones=(), **fields):
    n = next(_seq)
    fields.setdefault("name", f"Person {n}")
    person = Person.objects.create(**fields)
    for position, phone in enumerate(phones):
        label, number = phone if isinstance(phone, tuple) else ("", phone)
        Phone.objects.create(person=person, label=label, number=number, position=position)
    return person


def make_statement(*, published=True, publish_at=None, issuers=(), tags=(), **fields):
    n = next(_seq)
    fields.setdefault("title", f"Statement number {n}")
    fields.setdefault("dateline_place", "Chicago")
    fields.setdefault("release_date", datetime.date(2018, 6, 29))
    fields.setdefault("body", f"Body of statement {n}.\n\nA second paragraph.")
    if published:
        fields["status"] = Statement.Status.PUBLISHED
        fields["publish_at"] = publish_at or timezone.now() - datetime.timedelta(hours=1)
    else:
        fields["publish_at"] = publish_at
    statement = Statement.objects.create(**fields)
    for position, organization in enumerate(issuers):
        StatementIssuer.objects.create(
            statement=statement, organization=organization, position=position
        )
    if tags:
        statement.tags.add(*tags)
    return statement


def add_contact(statement, *, person=None, organization=None, heading="Media contact"):
    return MediaContact.objects.create(
        statement=statement,
        person=person,
        organization=organization,
        heading=heading,
        position=statement.contacts.count(),
    )


def add_signatory(statement, name=None, *, organization=None):
    return Signatory.objects.create(
        statement=statement,
        organization=organization,
        name=name or (organization and str(organization)) or f"Signer {next(_seq)}",
        position=statement.signatories.count(),
    )


def downloaded_text(response):
    """The text of a download as a browser saves it, streamed or not (UTF-8, BOM dropped)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")
