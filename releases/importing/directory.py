"""The directory: organizations and people a release names, found or added.

In: the parsed `Issuer`s, `Contact`s, signers and spokespeople. Out: `Organization` and
`Person` rows, existing ones matched (by `Organization.objects.match`, which uses
`advocacy.text.name_key`) and only their blank fields filled in; new ones added.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from advocacy.models import Organization, Person, Phone, tel_uri
from advocacy.text import acronym_key, looks_like_acronym, name_key, split_acronym

from .release import MAX_NAME


def in_directory(text):
    return Organization.objects.match(text) is not None


class Directory:
    """Finds (or adds) the release's organizations and people, filling what is empty."""

    def __init__(self):
        self.organizations = {}  # pk -> Organization met in this release

    def organization(self, text, *, name="", acronym="", **details):
        """The organization `text` names, found or added, its blanks filled from `details`.

        `name` and `acronym`, when learned elsewhere (an About paragraph), help to find it,
        and complete an organization known so far only by its acronym.
        """
        printed, printed_acronym = split_acronym(text)
        if looks_like_acronym(printed) and not printed_acronym:
            printed, printed_acronym = "", printed
        name, acronym = name or printed, acronym or printed_acronym
        organization = None
        for candidate in (f"{name} ({acronym})" if name and acronym else "", name, text):
            if candidate:
                organization = Organization.objects.match(candidate)
                if organization is not None:
                    break
        if organization is None:
            organization = Organization(name=(name or acronym)[:MAX_NAME], acronym=acronym[:30])
            if (
                acronym
                and Organization.objects.filter(acronym_key=acronym_key(acronym[:30])).exists()
            ):
                organization.acronym = ""
            _fill(organization, details)
            organization.save()
        else:
            self._complete(organization, name=name, acronym=acronym, details=details)
        self.organizations[organization.pk] = organization
        return organization

    def issuer(self, issuer):
        return self.organization(
            issuer.name,
            name=issuer.full_name,
            acronym=issuer.acronym,
            about=issuer.about,
            website=issuer.website,
        )

    def _complete(self, organization, *, name, acronym, details):
        changed = _fill(organization, details)
        others = Organization.objects.exclude(pk=organization.pk)
        if (
            acronym
            and not organization.acronym
            and len(acronym) <= 30
            and not others.filter(acronym_key=acronym_key(acronym)).exists()
        ):
            organization.acronym = acronym
            changed.append("acronym")
        # Known so far only by its acronym: learn its full name.
        if (
            name
            and name_key(organization.name) == name_key(organization.acronym)
            and name_key(name) != name_key(organization.name)
            and not others.filter(name_key=name_key(name)).exists()
        ):
            organization.name = name[:MAX_NAME]
            changed += ["name", "name_key"]
        if changed:
            organization.save(update_fields=[*changed, "updated_at"])

    def contact(self, contact):
        """(person, organization) of a contact entry, with their details filled in."""
        organization = None
        if contact.organization:
            details = {"website": contact.website, "city": contact.city}
            details["country"] = contact.country
            if not contact.person:
                details["email"] = contact.email
                details["phone"] = contact.phones[0].number if contact.phones else ""
            organization = self.organization(contact.organization, **details)
        person = None
        if contact.person:
            person = self.person(
                contact.person[:MAX_NAME],
                organization,
                title=contact.title,
                email=contact.email,
                phones=contact.phones,
            )
        return person, organization

    def person(self, name, organization, *, title="", email="", phones=()):
        people = Person.objects.filter(name__iexact=name)
        if organization is not None:
            person = people.filter(organization=organization).first()
            if person is None:
                person = people.filter(organization__isnull=True).first()
        else:
            person = people.filter(organization__isnull=True).first()
            if person is None:
                matches = list(people[:2])
                person = matches[0] if len(matches) == 1 else None
        if person is None:
            person = Person(name=name, organization=organization)
        changed = []
        if organization is not None and person.organization_id is None:
            person.organization = organization
            changed.append("organization")
        changed += _fill(person, {"title": title, "email": email})
        if person.pk is None:
            person.save()
        elif changed:
            person.save(update_fields=[*changed, "updated_at"])
        _add_phones(person, phones)
        return person

    def spokespeople(self, spokespeople):
        """People quoted in the body, when they speak for an organization of this release."""
        for spokesperson in spokespeople:
            organization = Organization.objects.match(spokesperson.organization)
            if organization is not None and organization.pk in self.organizations:
                self.person(spokesperson.name, organization, title=spokesperson.title)


def _fill(instance, details):
    """Set the empty fields of `instance` that `details` has a valid value for."""
    changed = []
    for name, value in details.items():
        if not value or getattr(instance, name):
            continue
        model_field = instance._meta.get_field(name)
        if model_field.max_length and len(value) > model_field.max_length:
            continue
        try:
            if name == "email":
                validate_email(value)
            elif name == "website":
                URLValidator()(value)
        except ValidationError:
            continue
        setattr(instance, name, value)
        changed.append(name)
    return changed


def _add_phones(person, phones):
    existing = list(person.phones.all())
    known = {tel_uri(phone.number) for phone in existing}
    position = max((phone.position for phone in existing), default=-1) + 1
    for label, number in phones:
        if tel_uri(number) in known:
            continue
        known.add(tel_uri(number))
        Phone.objects.create(person=person, label=label, number=number, position=position)
        position += 1
