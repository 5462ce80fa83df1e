"""Who a send goes to, and in which version of the statement.

A send joins its lists: each journalist once, however many lists they are on. Left out:
addresses on the suppression list; journalists who asked for one language only when the
release exists in no version in it; subscribers who chose topics none of which the
statement carries; and (unless the publisher says otherwise) whoever an earlier send of
the statement, in any of its languages, has reached or is reaching.
"""

from django.db import models

from releases.models import Statement

from .models import Delivery, Journalist, Suppression

#: A delivery in these states means the recipient has (or is getting) the release.
REACHED = (
    Delivery.Status.QUEUED,
    Delivery.Status.SENDING,
    Delivery.Status.SENT,
    Delivery.Status.BOUNCED,
    Delivery.Status.COMPLAINED,
)


def family(statement):
    """The statement and its translations (the original and the other translations of
    a translation), as a queryset."""
    root = statement.translation_of_id or statement.pk
    return Statement.objects.filter(models.Q(pk=root) | models.Q(translation_of_id=root))


def versions(statement):
    """{language: statement} of the versions that may be sent: published (public or under
    embargo). The statement itself stands for its language whatever its state."""
    found = {
        version.language: version
        for version in family(statement).filter(status=Statement.Status.PUBLISHED)
    }
    found[statement.language] = statement
    return found


def version_for(journalist_language, available, statement):
    """The version a recipient reads: the one in their language, else the statement sent."""
    return available.get(journalist_language) or statement


def eligible(journalists, statement):
    """`journalists` less suppressed addresses and those whose own choices leave them out
    of this statement."""
    languages = list(
        family(statement)
        .filter(status=Statement.Status.PUBLISHED)
        .values_list("language", flat=True)
    )
    languages.append(statement.language)
    tags = statement.tags.values("pk")
    chosen_topics = Journalist.topics.through.objects.filter(journalist=models.OuterRef("pk"))
    return (
        journalists.exclude(email__in=Suppression.objects.values("email"))
        .exclude(language_only=True, language__in=_other_languages(languages))
        .exclude(
            models.Q(subscription=Journalist.Subscription.CONFIRMED)
            & models.Q(models.Exists(chosen_topics))
            & ~models.Q(models.Exists(chosen_topics.filter(tag__in=tags)))
        )
    )


def _other_languages(available):
    return [code for code, _name in Statement.Language.choices if code not in available]


def recipients(statement, lists, *, skip_earlier=True, exclude_send=None):
    """The journalists a send of `statement` to `lists` reaches, each once."""
    selection = models.Q(pk__in=[])
    for media_list in lists:
        selection |= media_list.selection()
    journalists = eligible(Journalist.objects.filter(selection), statement)
    if skip_earlier:
        earlier = Delivery.objects.filter(
            send__statement__in=family(statement), status__in=REACHED, journalist__isnull=False
        )
        if exclude_send is not None:
            earlier = earlier.exclude(send=exclude_send)
        journalists = journalists.exclude(pk__in=earlier.values("journalist_id"))
    return journalists.order_by("pk")


def count(statement, lists, **kwargs):
    return recipients(statement, lists, **kwargs).count()


def list_sizes(lists):
    """{list id: how many journalists it holds}, suppressed addresses left out."""
    suppressed = Suppression.objects.values("email")
    return {
        media_list.pk: Journalist.objects.filter(media_list.selection())
        .exclude(email__in=suppressed)
        .count()
        for media_list in lists
    }
