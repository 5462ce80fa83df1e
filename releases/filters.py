"""The archive's filters: a GET form that narrows the published statements."""

from django import forms
from django.db.models import Q

from advocacy.models import Organization

from . import related
from .archive import tags_in_use
from .models import Statement


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(label="Words", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *Statement.Kind.choices]
    )
    tag = forms.SlugField(label="Tag", required=False)
    organization = forms.SlugField(label="Organization", required=False)
    year = forms.IntegerField(label="Year", required=False, min_value=1900, max_value=2999)

    def valid_data(self):
        """The values that passed validation; a bad value drops only its own filter."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}

    def filter(self, queryset):
        """The statements matching the valid filters; invalid values are left out.

        The words (`q`) are not applied here: see `releases.search`."""
        data = self.valid_data()
        if kind := data.get("kind"):
            queryset = queryset.filter(kind=kind)
        if tag := data.get("tag"):
            queryset = queryset.filter(tags__slug=tag)
        if organization := data.get("organization"):
            # Issued it, or took part through another app (coalitions: listed under it).
            issued = Statement.objects.filter(issuers__organization__slug=organization)
            queryset = queryset.filter(
                Q(pk__in=issued.values("pk")) | related.involving(Q(slug=organization))
            )
        if year := data.get("year"):
            queryset = queryset.filter(release_date__year=year)
        return queryset

    def active(self):
        """(label, value) of each filter in use, named as a reader knows it."""
        data = {k: v for k, v in self.valid_data().items() if v}
        labels = []
        if "q" in data:
            labels.append(("Search", data["q"]))
        if "kind" in data:
            labels.append(("Kind", Statement.Kind(data["kind"]).label))
        if "tag" in data:
            # Only a tag in use on a published statement is named: a tag of drafts only
            # stays private even to someone who guesses its slug.
            tag = tags_in_use().filter(slug=data["tag"]).first()
            labels.append(("Tag", tag.name if tag else data["tag"]))
        if "organization" in data:
            org = Organization.objects.filter(slug=data["organization"]).first()
            labels.append(("Organization", org.name if org else data["organization"]))
        if "year" in data:
            labels.append(("Year", str(data["year"])))
        return labels
