"""Who a send reaches: the directory, lists by hand and by rule, one copy, left out."""

import pytest
from django.db import IntegrityError, transaction
from taggit.models import Tag

from releases.distribution import recipients
from releases.distribution.models import Journalist, Suppression
from tests import factories
from tests.releases.distribution.helpers import make_journalist, make_list, make_send

pytestmark = pytest.mark.django_db


def emails(journalists):
    return sorted(journalist.email for journalist in journalists)


def test_one_address_is_one_journalist_whatever_its_case():
    make_journalist(email="Ana.Perez@Tribune.example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        Journalist.objects.create(email="ana.perez@tribune.example.org")
    # Updates that bypass save() meet the database's rule too.
    other = make_journalist(email="other@tribune.example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Journalist.objects.filter(pk=other.pk).update(email="ANA.PEREZ@TRIBUNE.EXAMPLE.ORG")
    assert Journalist.objects.filter(email="ana.perez@tribune.example.org").count() == 1


def test_a_journalist_is_matched_to_the_directory_person_with_their_address():
    person = factories.make_person(name="Ana Pérez", email="ana@tribune.example.org")

    journalist = make_journalist(email="ANA@tribune.example.org", name="Ana P.")

    assert journalist.person == person


def test_a_list_by_rule_selects_by_beat_language_outlet_and_topic():
    detention = Tag.objects.create(name="Detention", slug="detention")
    courts = Tag.objects.create(name="Courts", slug="courts")
    match = make_journalist(
        beat="Immigration, courts", language="es", outlet="La Raza", topics=[detention]
    )
    make_journalist(beat="Immigration", language="en", outlet="La Raza", topics=[detention])
    make_journalist(beat="Sports", language="es", outlet="La Raza", topics=[detention])
    make_journalist(beat="immigration", language="es", outlet="Tribune", topics=[detention])
    make_journalist(beat="immigration", language="es", outlet="La Raza", topics=[courts])
    media_list = make_list(
        rule_beat="immigration", rule_language="es", rule_outlet="raza", rule_topic=detention
    )

    assert list(media_list.journalists()) == [match]


def test_a_list_joins_its_hand_picked_members_and_its_rule():
    by_hand = make_journalist(beat="Sports")
    by_rule = make_journalist(beat="Immigration")
    make_journalist(beat="Weather")

    media_list = make_list(members=[by_hand], rule_beat="immigration")

    assert emails(media_list.journalists()) == emails([by_hand, by_rule])


def test_a_journalist_on_several_lists_is_sent_one_copy():
    both = make_journalist()
    one = make_journalist()
    lists = [make_list(members=[both, one]), make_list(members=[both]), make_list(rule_beat="x")]
    both.beat = "x beat"
    both.save()

    found = list(recipients.recipients(factories.make_statement(), lists))

    assert emails(found) == emails([both, one])


def test_suppressed_addresses_are_left_out_whichever_list_holds_them():
    kept = make_journalist()
    gone = make_journalist(email="gone@example.org", beat="immigration")
    Suppression.objects.suppress("GONE@example.org", Suppression.Reason.BOUNCED)
    lists = [make_list(members=[kept, gone]), make_list(rule_beat="immigration")]

    assert emails(recipients.recipients(factories.make_statement(), lists)) == [kept.email]
    assert recipients.list_sizes(lists) == {lists[0].pk: 1, lists[1].pk: 0}


def test_a_subscriber_gets_only_the_topics_they_chose_and_staff_picks_get_everything():
    detention = Tag.objects.create(name="Detention", slug="detention")
    asylum = Tag.objects.create(name="Asylum", slug="asylum")
    subscriber = make_journalist(subscription=Journalist.Subscription.CONFIRMED, topics=[asylum])
    everything = make_journalist(subscription=Journalist.Subscription.CONFIRMED)
    picked = make_journalist(topics=[asylum])  # added by staff: topics are interests only
    media_list = make_list(members=[subscriber, everything, picked])

    on_detention = factories.make_statement(tags=[detention])
    on_asylum = factories.make_statement(tags=[asylum])

    assert emails(recipients.recipients(on_detention, [media_list])) == emails([everything, picked])
    assert len(recipients.recipients(on_asylum, [media_list])) == 3


def test_a_reader_of_one_language_only_is_left_out_when_no_version_is_in_it():
    only_spanish = make_journalist(language="es", language_only=True)
    prefers_spanish = make_journalist(language="es")
    media_list = make_list(members=[only_spanish, prefers_spanish])
    english = factories.make_statement(language="en")

    assert emails(recipients.recipients(english, [media_list])) == [prefers_spanish.email]

    factories.make_statement(language="es", translation_of=english)

    assert len(recipients.recipients(english, [media_list])) == 2


def test_a_draft_translation_is_not_a_version_to_send():
    english = factories.make_statement(language="en")
    draft = factories.make_statement(language="es", translation_of=english, published=False)
    published = factories.make_statement(language="es", translation_of=english)

    assert recipients.versions(english) == {"en": english, "es": published}
    assert draft not in recipients.versions(english).values()


def test_those_an_earlier_send_reached_are_skipped_unless_asked():
    statement = factories.make_statement()
    reached = make_journalist()
    new = make_journalist()
    media_list = make_list(members=[reached, new])
    earlier = make_send(statement, lists=[media_list])
    earlier.deliveries.create(journalist=reached, email=reached.email, status="sent")
    spanish = factories.make_statement(language="es", translation_of=statement)

    assert emails(recipients.recipients(statement, [media_list])) == [new.email]
    # Any version of the statement counts as having it.
    assert emails(recipients.recipients(spanish, [media_list])) == [new.email]
    assert len(recipients.recipients(statement, [media_list], skip_earlier=False)) == 2
