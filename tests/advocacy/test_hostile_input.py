"""The organization directory's search box answers any query with a page (hypothesis)."""

from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from tests import factories
from tests.hostile import HostileInputTestCase, hostile_text


class DirectorySearchTests(HostileInputTestCase):
    @classmethod
    def setUpTestData(cls):
        factories.make_organization(name="Alianza Américas", acronym="AA", city="Chicago")
        factories.make_organization(name="National Network", acronym="NNIRR")

    @given(query=hostile_text(200), page=st.one_of(st.just(""), st.text(max_size=6)))
    @example(query="\x00", page="")
    @example(query="alianza\x00", page="")
    @example(query="%_\\", page="")
    def test_any_query_gets_a_page(self, query, page):
        response = self.client.get(
            reverse("advocacy:organization-list"), {"q": query, "page": page}
        )

        assert response.status_code in (200, 404)  # 404: a page number past the end
        if not page:
            assert response.status_code == 200

    def test_a_query_finds_what_it_names(self):
        response = self.client.get(reverse("advocacy:organization-list"), {"q": " américas "})

        assert "Alianza Américas" in response.text
        assert "National Network" not in response.text
