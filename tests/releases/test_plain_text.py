"""The plain-text release: the classic layout, and importing it gives the statement back."""

from pathlib import Path

import pytest
from django.urls import reverse

from releases.importing import import_release
from releases.markup import plain_text
from releases.models import Statement
from tests.factories import make_statement

pytestmark = pytest.mark.django_db

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def snapshot(statement):
    return {
        "kind": statement.kind,
        "title": statement.title,
        "deck": statement.deck,
        "dateline_place": statement.dateline_place,
        "release_date": statement.release_date,
        "body": statement.body.strip(),
        "end_mark": statement.end_mark,
        "issuers": [(i.organization_id, i.about) for i in statement.issuers.all()],
        "signatories": [
            (s.name, s.organization_id) for s in statement.signatories.order_by("position")
        ],
        "contacts": [(c.heading, c.person_id, c.organization_id) for c in statement.contacts.all()],
    }


def plain_text_of(client, statement):
    response = client.get(reverse("releases:statement-text", args=[statement.slug]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.content.decode()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_importing_the_plain_text_gives_back_the_same_statement(client, seed):
    """Everything comes back but the Markdown's emphasis, which plain text has not: the
    body comes back as the words the page shows, and its plain text is the same again."""
    original = import_release(seed.read_text(encoding="utf-8"), publish=True).statement
    before = snapshot(original)
    before["body"] = plain_text(original.body)
    text = plain_text_of(client, original)
    original.delete()

    again = import_release(text, publish=True)

    assert again.created
    assert snapshot(again.statement) == before
    assert plain_text_of(client, again.statement) == text


def test_plain_text_has_no_markdown(client):
    statement = make_statement(
        title="Withdrawal",
        body="The *New York Declaration* and **the 2030 Agenda** ([read it](https://un.org/a)).\n\n"
        "> We call on the *United States* to recommit.\n\n"
        "- first point\n- second point\n\nWrite to <press@example.org>.",
    )
    text = plain_text_of(client, statement)
    assert "*" not in text and "[" not in text and ">" not in text
    assert "Chicago — June 29, 2018 — The New York Declaration and the 2030 Agenda " in text
    assert "(read it (https://un.org/a))." in text
    assert "\n\nWe call on the United States to recommit.\n\n" in text
    assert "- first point\n- second point" in text
    assert "Write to press@example.org." in text

    statement.delete()
    again = import_release(text, publish=True)
    assert again.statement.body.startswith("The New York Declaration and the 2030 Agenda")
    assert "We call on the United States to recommit." in again.statement.body


def test_plain_text_layout(client):
    statement = make_statement(
        title="Defeat of US Candidate", dateline_place="Chicago", body="First.\n\nSecond."
    )
    text = client.get(reverse("releases:statement-text", args=[statement.slug])).content
    lines = text.decode().splitlines()
    assert lines[0] == "Defeat of US Candidate"
    assert "Chicago — June 29, 2018 — First." in lines
    assert "###" in lines
    assert "\n\n\n" not in text.decode()


def test_plain_text_of_a_draft_is_404_for_the_public(client):
    draft = make_statement(published=False)
    assert client.get(reverse("releases:statement-text", args=[draft.slug])).status_code == 404
    assert Statement.objects.count() == 1


LETTER = (
    Path(__file__).resolve().parent
    / "import_corpus"
    / "sign_on_letter"
    / "2021-05-17-letter-to-dhs.txt"
)


def test_signers_groups_and_places_survive_the_plain_text(client):
    original = import_release(LETTER.read_text(encoding="utf-8"))
    statement = original.statement
    statement.dateline_place = "Washington"  # the letter names no place: the editor adds it
    statement.save()
    statement.publish()
    signed = [(s.name, s.place, s.group) for s in statement.signatories.order_by("position")]
    assert signed[3] == ("Desert Dreamers Network", "AZ", "State and Local Organizations")
    page = client.get(statement.get_absolute_url()).text
    assert "<h3>State and Local Organizations</h3>" in page
    assert "Desert Dreamers Network (AZ)" in page

    plain = client.get(reverse("releases:statement-text", args=[statement.slug])).content
    statement.delete()
    again = import_release(plain.decode()).statement

    assert [(s.name, s.place, s.group) for s in again.signatories.order_by("position")] == signed
    assert again.kind == Statement.Kind.SIGN_ON_LETTER
