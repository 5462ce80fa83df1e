"""How many have signed, said in words: organizations as organizations, people as people.

"12 organizations and 3 people have signed" on the statement page, the sign-on form, the
thank-you page and the widget; the API gives the same two numbers.
"""

from typing import NamedTuple

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from releases.models import Statement


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


def count_listed(statement, campaign):
    """The count of a statement's listed signatories, as the changes to them keep it
    (`SignatoryList`: read with the statement by `select_related("signatory_list")`, else
    one query by key), never counted from the rows: a statement with 100,000 signatories
    costs no more to count than one with ten. Individuals count only where the campaign
    lists them."""
    try:
        kept = statement.signatory_list
    except Statement.signatory_list.RelatedObjectDoesNotExist:
        return SignatoryCount(0, 0)  # none approved yet (bulk inserts recount)
    people = kept.individuals if campaign is not None and campaign.list_individuals else 0
    return SignatoryCount(kept.organizations, people)
