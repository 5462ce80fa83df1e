"""One organization, one entry: the duplicate key of a name folds what a reader cannot
see (soft hyphens, zero-width characters) and letters that look alike (a Cyrillic "А"
in "Аcme"), after Unicode TR39's skeleton. Listing order stays alphabetical."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from advocacy.models import Organization
from advocacy.text import name_key, sort_key
from coalitions.models import Signatory
from tests.coalitions.factories_signon import form_data, make_campaign
from tests.factories import make_organization, make_statement

ACME = "Acme Org"
LOOK_ALIKES = {
    "soft hyphen": "Ac\u00adme Org",
    "zero-width space": "Acme\u200b Org",
    "zero-width joiner": "A\u200dcme Org",
    "word joiner": "Acme Or\u2060g",
    "variation selector": "Acme\ufe0f Org",
    "Cyrillic a and es": "\u0410\u0441me Org",
    "Cyrillic o": "Acme \u041erg",
    "Greek omicron": "Acme \u039frg",
    "fullwidth": "\uff21\uff43\uff4d\uff45 Org",
    "mathematical bold": "\U0001d400\U0001d41c\U0001d426\U0001d41e Org",
    "r and n for m": "Acrne Org",
    "digit zero for O": "Acme 0rg",
}


@pytest.mark.parametrize("spelling", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_look_alike_spellings_share_the_key(spelling):
    assert name_key(spelling) == name_key(ACME)


@pytest.mark.parametrize(
    "other", ["Acne Org", "Acme Orgs", "Acme Group", "Acmé Organization", "Acme"]
)
def test_other_names_keep_their_own_key(other):
    assert name_key(other) != name_key(ACME)


def test_the_old_foldings_still_hold():
    assert name_key("The  Centro de los Derechos del Migrante, Inc.") == name_key(
        "centro de los derechos del migrante inc"
    )
    assert name_key("Alianza Américas") == name_key("ALIANZA AMERICAS")


def test_a_key_fits_its_column():
    assert len(name_key("\ufdfa" * 200)) <= 200 and len(sort_key("\ufdfa" * 200)) <= 200


def test_the_sort_key_stays_readable():
    assert sort_key("The Mary Org") == "mary org"
    assert sort_key("Ac\u00adme Org") == "acme org"


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", ["Ac\u00adme Org", "\u0410\u0441me Org"])
def test_the_admin_refuses_a_second_acme(staff_client, spelling):
    make_organization(name=ACME)
    response = staff_client.post(
        reverse("admin:advocacy_organization_add"), {"name": spelling, "acronym": ""}
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["name"]
    assert "look-alike letters" in errors[0] and ACME in errors[0]
    assert Organization.objects.count() == 1


@pytest.mark.django_db
def test_the_directory_matches_a_look_alike_to_the_organization():
    acme = make_organization(name=ACME)
    assert Organization.objects.match("\u0410\u0441me Org") == acme
    found, created = Organization.objects.match_or_create("Ac\u00adme Org")
    assert found == acme and not created


@pytest.mark.django_db(transaction=True)
def test_a_look_alike_sign_on_updates_the_first(client, settings):
    settings.SITE_URL = "http://testserver"
    campaign = make_campaign()
    url = reverse("coalitions:sign", kwargs={"slug": campaign.statement.slug})
    client.post(url, form_data(organization_name=ACME, email="a@acme.example.org"))
    client.post(url, form_data(organization_name="\u0410\u0441\u00adme Org", email="b@x.org"))
    assert Signatory.objects.get().email == "b@x.org"


@pytest.mark.django_db
def test_signatories_are_still_listed_alphabetically():
    statement = make_statement()
    for name in ["Rachel Org", "Mary Org", "Lima Org", "1199 Union"]:
        Signatory.objects.create(statement=statement, name=name, position=0)
    ordered = Signatory.objects.filter(statement=statement).in_public_order()
    assert [s.name for s in ordered] == ["1199 Union", "Lima Org", "Mary Org", "Rachel Org"]


# The data migration: keys stored before the skeleton are recomputed.

recompute = importlib.import_module("advocacy.migrations.0005_name_keys_fold_look_alikes")
recompute_signatories = importlib.import_module(
    "coalitions.migrations.0008_staff_notices_and_look_alike_keys"
)


@pytest.mark.django_db
def test_the_migration_recomputes_stored_keys(capsys):
    acme = make_organization(name=ACME)
    cyrillic = make_organization(name="Other Org")
    Organization.objects.filter(pk=cyrillic.pk).update(
        name="\u0410\u0441me Org", name_key="асme org"
    )
    plain = make_organization(name="Plain Org", acronym="PO")
    Organization.objects.filter(pk=plain.pk).update(name_key="plain org (old key)", acronym_key="")
    greek = make_organization(name="Greek Org")
    Organization.objects.filter(pk=greek.pk).update(acronym=GREEK_NNIRR, acronym_key="")
    Organization.objects.filter(pk=acme.pk).update(acronym="NNIRR", acronym_key="")

    recompute.recompute_keys(apps, None)

    acme.refresh_from_db(), cyrillic.refresh_from_db(), plain.refresh_from_db()
    assert acme.name_key == name_key(ACME) and plain.name_key == name_key("Plain Org")
    assert plain.acronym_key == "po" and acme.acronym_key == "nnlrr"
    greek.refresh_from_db()
    assert greek.acronym_key.startswith(f"#{greek.pk} ")
    # Two rows that are now one name: both kept, the later marked for staff to merge.
    assert cyrillic.name_key != acme.name_key
    assert cyrillic.name_key.startswith(f"#{cyrillic.pk} ")
    assert "Acme Org" in capsys.readouterr().out
    # Saving the marked row again keeps its mark: nothing fails later.
    cyrillic.city = "Chicago"
    cyrillic.save()
    assert Organization.objects.match(ACME) == acme


@pytest.mark.django_db
def test_the_migration_recomputes_signatories_keys():
    statement = make_statement()
    first = Signatory.objects.create(statement=statement, name=ACME)
    second = Signatory.objects.create(statement=statement, name="Beta Org")
    Signatory.objects.filter(pk=second.pk).update(name="Ac\u00adme Org", name_key="ac-me org")
    Signatory.objects.update(sort_key="")

    recompute_signatories.recompute_keys(apps, None)

    first.refresh_from_db(), second.refresh_from_db()
    assert first.name_key == name_key(ACME) and first.sort_key == "acme org"
    assert second.name_key.startswith(f"#{second.pk} ") and second.sort_key == "acme org"
    second.status = Signatory.Status.REJECTED
    second.save()  # keeps its mark


# Acronyms are matched and kept unique the same way.

GREEK_NNIRR = "\u039d\u039d\u0399RR"  # Greek capital Nu, Nu, Iota


@pytest.mark.django_db
def test_a_look_alike_acronym_finds_the_organization():
    nnirr = make_organization(name="National Network for Immigrant and Refugee Rights")
    Organization.objects.filter(pk=nnirr.pk).update(acronym="NNIRR")
    nnirr.refresh_from_db()
    nnirr.save()
    assert Organization.objects.match(GREEK_NNIRR) == nnirr


@pytest.mark.django_db
def test_the_admin_refuses_a_look_alike_acronym(staff_client):
    make_organization(name="National Network", acronym="NNIRR")
    response = staff_client.post(
        reverse("admin:advocacy_organization_add"), {"name": "Other Net", "acronym": GREEK_NNIRR}
    )
    assert response.status_code == 200
    assert "already uses this acronym" in response.context["adminform"].form.errors["acronym"][0]
    assert Organization.objects.count() == 1
