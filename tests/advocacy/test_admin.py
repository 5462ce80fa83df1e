"""The directory in the admin: organizations, people, staff accounts."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from advocacy.models import Organization, Person, User
from tests import factories

pytestmark = pytest.mark.django_db

# The smallest valid GIF: one transparent pixel.
PIXEL_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


# The task queue's results are read-only; a send starts from its statement's page.
READ_ONLY_IN_ADMIN = {"django_tasks_database.DBTaskResult", "releases.Send"}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def inline_management(prefix, *, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda model: model._meta.label_lower
)
def test_every_changelist_and_add_page_loads_for_staff(staff_client, model):
    assert staff_client.get(admin_url(model, "changelist")).status_code == 200
    added = 403 if model._meta.label in READ_ONLY_IN_ADMIN else 200
    assert staff_client.get(admin_url(model, "add")).status_code == added


def test_the_admin_covers_the_models_staff_work_with():
    labels = {model._meta.label for model in admin.site._registry}
    expected = {
        "advocacy.User",
        "advocacy.Organization",
        "advocacy.Person",
        "releases.Statement",
        "coalitions.Signatory",
        "taggit.Tag",
    }
    assert expected <= labels


def test_admin_index_lists_the_apps(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    for name in ("Organizations", "People", "Statements", "Signatories", "Users", "Tags"):
        assert name in response.text


# Organizations


def test_organization_list_shows_logo_thumbnail_and_details(staff_client):
    factories.make_organization(
        name="Alianza Americas",
        city="Chicago, IL",
        country="USA",
        website="https://www.alianzaamericas.org/",
        logo=SimpleUploadedFile("alianza.gif", PIXEL_GIF, "image/gif"),
    )
    factories.make_organization(name="No Logo Network")

    response = staff_client.get(admin_url(Organization, "changelist"))

    assert response.status_code == 200
    assert 'src="/media/logos/alianza' in response.text
    assert 'alt="Alianza Americas logo" height="32"' in response.text
    assert response.text.count('alt="No Logo Network logo"') == 0
    assert 'href="https://www.alianzaamericas.org/"' in response.text
    assert ">www.alianzaamericas.org<" in response.text
    assert "Chicago, IL" in response.text


@pytest.mark.parametrize("query", ["network for immigrant", "nnirr", "oakland"])
def test_organization_search_by_name_acronym_and_city(staff_client, query):
    factories.make_organization(
        name="National Network for Immigrant and Refugee Rights",
        acronym="NNIRR",
        city="Oakland, CA",
    )
    factories.make_organization(name="Alianza Americas", city="Chicago, IL")
    response = staff_client.get(admin_url(Organization, "changelist"), {"q": query})
    assert [o.acronym for o in response.context["cl"].result_list] == ["NNIRR"]


def test_organization_change_page_lists_its_statements(staff_client):
    nnirr = factories.make_organization(name="NNIRR network", acronym="NNIRR")
    issued = factories.make_statement(title="Issued by NNIRR", issuers=[nnirr])
    signed = factories.make_statement(title="Signed by NNIRR", published=False)
    factories.add_signatory(signed, organization=nnirr)
    contact = factories.make_statement(title="NNIRR is the contact")
    factories.add_contact(contact, organization=nnirr, heading="For further information")
    factories.make_statement(title="Nothing to do with it")
    person = factories.make_person(name="Catherine Tactaquin", organization=nnirr)

    response = staff_client.get(admin_url(Organization, "change", nnirr.pk))

    assert response.status_code == 200
    text = response.text
    for statement in (issued, signed, contact):
        link = f'<a href="{reverse("admin:releases_statement_change", args=[statement.pk])}">'
        assert f"{link}{statement.title}</a>" in text
    assert "Nothing to do with it" not in text
    assert "(June 29, 2018, Draft)" in text and "(June 29, 2018, Published)" in text
    assert "For further information" in text
    assert admin_url(Person, "change", person.pk) in text
    labels = [label for label in ("Issued", "Signed", "Media contact on") if label in text]
    assert labels == ["Issued", "Signed", "Media contact on"]


def test_organization_without_statements_says_so(staff_client):
    organization = factories.make_organization()
    response = staff_client.get(admin_url(Organization, "change", organization.pk))
    assert response.text.count("None yet.") == 4  # issued, signed, contact, people


def test_organization_add_page_has_no_statement_lists(staff_client):
    response = staff_client.get(admin_url(Organization, "add"))
    assert "Statements and people" not in response.text


def test_long_statement_lists_link_to_the_filtered_statement_list(staff_client):
    nnirr = factories.make_organization(name="NNIRR")
    for _ in range(25):
        factories.make_statement(issuers=[nnirr])
    factories.make_statement(title="Someone else's")

    response = staff_client.get(admin_url(Organization, "change", nnirr.pk))

    more = f"{reverse('admin:releases_statement_changelist')}?issuer={nnirr.pk}"
    assert f'<a href="{more}">All 25 statements</a>' in response.text
    listed = staff_client.get(more)
    assert listed.context["cl"].result_count == 25


def test_organization_change_page_query_count_is_bounded(
    staff_client, django_assert_max_num_queries
):
    nnirr = factories.make_organization(name="NNIRR")
    for _ in range(30):
        statement = factories.make_statement(issuers=[nnirr])
        factories.add_signatory(statement, organization=nnirr)
        factories.add_contact(statement, organization=nnirr)
    with django_assert_max_num_queries(20):
        assert staff_client.get(admin_url(Organization, "change", nnirr.pk)).status_code == 200


def organization_data(**overrides):
    data = {
        "name": "Alianza Americas",
        "acronym": "",
        "slug": "",
        "website": "",
        "email": "",
        "phone": "",
        "city": "",
        "country": "",
        "about": "",
    }
    return data | overrides


def test_adding_an_organization_makes_its_slug(staff_client):
    response = staff_client.post(admin_url(Organization, "add"), organization_data())
    assert response.status_code == 302
    assert Organization.objects.get().slug == "alianza-americas"


def test_a_second_spelling_of_a_known_organization_is_refused(staff_client):
    factories.make_organization(name="Centro de los Derechos del Migrante, Inc.")
    response = staff_client.post(
        admin_url(Organization, "add"),
        organization_data(name="The Centro de los Derechos del Migrante Inc"),
    )
    assert response.status_code == 200
    assert "already in the directory" in response.context["adminform"].form.errors["name"][0]
    assert Organization.objects.count() == 1


def test_an_acronym_already_in_use_is_refused(staff_client):
    factories.make_organization(name="National Network", acronym="NNIRR")
    response = staff_client.post(
        admin_url(Organization, "add"), organization_data(name="Other", acronym="nnirr")
    )
    assert response.status_code == 200
    assert "already uses this acronym" in response.context["adminform"].form.errors["acronym"][0]


def test_an_organization_keeps_its_own_name_and_acronym_on_edit(staff_client):
    organization = factories.make_organization(name="National Network", acronym="NNIRR")
    response = staff_client.post(
        admin_url(Organization, "change", organization.pk),
        organization_data(
            name="National Network", acronym="NNIRR", slug=organization.slug, city="Oakland"
        ),
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.city == "Oakland"


# People


def test_person_list_and_search_by_organization_name(staff_client):
    nnirr = factories.make_organization(name="National Network", acronym="NNIRR")
    factories.make_person(
        name="Catherine Tactaquin",
        title="Executive Director",
        organization=nnirr,
        phones=[("", "+1 510-459-4457")],
    )
    factories.make_person(name="Kevin Appleby", email="kevin.appleby@simn-global.org")
    url = admin_url(Person, "changelist")

    response = staff_client.get(url)
    assert "Executive Director" in response.text
    assert "+1 510-459-4457" in response.text

    for query, expected in (
        ("national network", ["Catherine Tactaquin"]),
        ("simn-global", ["Kevin Appleby"]),
        ("tactaquin", ["Catherine Tactaquin"]),
    ):
        results = staff_client.get(url, {"q": query}).context["cl"].result_list
        assert [person.name for person in results] == expected


def test_person_list_query_count_is_bounded(staff_client, django_assert_max_num_queries):
    organization = factories.make_organization()
    for _ in range(30):
        factories.make_person(organization=organization, phones=["1", "2"])
    with django_assert_max_num_queries(8):
        assert staff_client.get(admin_url(Person, "changelist")).status_code == 200


def test_person_change_page_has_phones_and_contact_statements(staff_client):
    person = factories.make_person(name="Evy Peña", phones=[("Mexico", "(+52) 55.5211.9397")])
    statement = factories.make_statement(title="Global Compact withdrawal")
    factories.add_contact(
        statement, person=person, heading="For further information in Puerto Vallarta"
    )

    response = staff_client.get(admin_url(Person, "change", person.pk))

    assert response.status_code == 200
    assert 'name="phones-TOTAL_FORMS"' in response.text
    assert 'value="(+52) 55.5211.9397"' in response.text
    assert "Global Compact withdrawal" in response.text
    assert reverse("admin:releases_statement_change", args=[statement.pk]) in response.text
    assert "For further information in Puerto Vallarta" in response.text
    assert "admin-autocomplete" in response.text


def test_adding_a_person_with_phones_keeps_their_order(staff_client):
    organization = factories.make_organization(name="CDM")
    data = {
        "name": "Evy Peña",
        "title": "",
        "organization": str(organization.pk),
        "email": "evy@cdmigrante.org",
        **inline_management("phones", total=2),
        "phones-0-label": "Mexico",
        "phones-0-number": "(+52) 55.5211.9397",
        "phones-0-position": "",
        "phones-1-label": "U.S.",
        "phones-1-number": "1-855-234-9699",
        "phones-1-position": "",
    }
    response = staff_client.post(admin_url(Person, "add"), data)
    assert response.status_code == 302
    person = Person.objects.get()
    assert [str(phone) for phone in person.phones.all()] == [
        "Mexico: (+52) 55.5211.9397",
        "U.S.: 1-855-234-9699",
    ]


def test_the_same_person_twice_in_one_organization_is_refused(staff_client):
    organization = factories.make_organization(name="CDM")
    factories.make_person(name="Evy Peña", organization=organization)
    data = {
        "name": "evy peña",
        "title": "",
        "organization": str(organization.pk),
        "email": "",
        **inline_management("phones"),
    }
    response = staff_client.post(admin_url(Person, "add"), data)
    assert response.status_code == 200
    assert "already in the directory" in response.context["adminform"].form.errors["name"][0]
    assert Person.objects.count() == 1


def test_autocomplete_finds_organizations_and_people(staff_client):
    nnirr = factories.make_organization(name="National Network", acronym="NNIRR")
    factories.make_person(name="Catherine Tactaquin", organization=nnirr)
    url = reverse("admin:autocomplete")
    params = {"app_label": "releases", "model_name": "mediacontact"}

    orgs = staff_client.get(url, {**params, "field_name": "organization", "term": "nnirr"})
    people = staff_client.get(url, {**params, "field_name": "person", "term": "network"})

    assert [r["text"] for r in orgs.json()["results"]] == ["National Network (NNIRR)"]
    assert [r["text"] for r in people.json()["results"]] == ["Catherine Tactaquin, NNIRR"]


# Staff accounts


def test_user_admin_pages(staff_client, staff_user):
    assert staff_client.get(admin_url(User, "change", staff_user.pk)).status_code == 200
    response = staff_client.post(
        admin_url(User, "add"),
        {
            "username": "editor",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="editor").check_password("a long enough passphrase")
