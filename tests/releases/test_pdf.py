"""The "Download PDF" of a statement: the same release, laid out for paper."""

import io

import pytest
from pypdf import PdfReader

from tests.factories import add_signatory, make_statement

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_statement_downloads_as_a_pdf_with_the_release(client):
    statement = make_statement(
        title="Defeat of US Candidate", body="The nominee was defeated.", end_mark="###"
    )
    add_signatory(statement, "Alianza Americas")
    page = client.get(statement.get_absolute_url()).content.decode()
    assert f'href="/statements/{statement.slug}.pdf"' in page

    response = client.get(f"/statements/{statement.slug}.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{statement.slug}.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Defeat of US Candidate" in text
    assert "CHICAGO" in text and "The nominee was defeated." in text
    assert "Alianza Americas" in text
    assert "Statements" not in text.split("Defeat of US Candidate")[0]  # no site navigation


def test_pdf_of_a_draft_is_404_for_the_public(client):
    draft = make_statement(published=False)
    assert client.get(f"/statements/{draft.slug}.pdf").status_code == 404
