"""How many have signed, said in words: organizations as organizations, people as people.

"12 organizations and 3 people have signed" on the statement page, the sign-on form, the
thank-you page and the widget; the API gives the same two numbers.
"""

from typing import NamedTuple

from django.db.models import Count
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from .models import Signatory


class SignatoryCount(NamedTuple):
    organizations: int
    people: int

    @property
    def total(self):
        return self.organizations + self.people

    def words(self, *, strong=False):
        """The count as a sentence in the active language, its numbers in <strong>
        when `strong`."""

        def number(value):
            return format_html("<strong>{}</strong>", value) if strong else str(value)

        organizations = ngettext(
            "%(count)s organization", "%(count)s organizations", self.organizations
        ) % {"count": number(self.organizations)}
        people = ngettext("%(count)s person", "%(count)s people", self.people) % {
            "count": number(self.people)
        }
        if self.organizations and self.people:
            text = gettext("%(organizations)s and %(people)s have signed") % {
                "organizations": organizations,
                "people": people,
            }
        elif self.people:
            text = ngettext("%(people)s has signed", "%(people)s have signed", self.people) % {
                "people": people
            }
        elif self.organizations:
            text = ngettext(
                "%(organizations)s has signed", "%(organizations)s have signed", self.organizations
            ) % {"organizations": organizations}
        else:
            text = gettext("Nobody has signed yet")
        return mark_safe(text)  # the numbers are ints; the words are the catalogue's


def count_of(signatories):
    """The count of listed signatories already read (each with its `kind`)."""
    people = sum(1 for signatory in signatories if signatory.kind == Signatory.Kind.INDIVIDUAL)
    return SignatoryCount(len(signatories) - people, people)


def count_listed(statement, campaign):
    """The count of a statement's listed signatories, in one query."""
    by_kind = dict(
        Signatory.objects.listed_on(statement, campaign)
        .order_by()
        .values_list("kind")
        .annotate(count=Count("pk"))
    )
    return SignatoryCount(
        by_kind.get(Signatory.Kind.ORGANIZATION, 0), by_kind.get(Signatory.Kind.INDIVIDUAL, 0)
    )
