from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from releases.feeds import StatementFeed
from releases.models import Statement

from .models import Coalition


class CoalitionFeed(StatementFeed):
    """The published statements a coalition led."""

    def get_object(self, request, slug):
        return get_object_or_404(Coalition, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def statements(self, obj):
        return Statement.objects.published().filter(coalitions=obj)


class AtomCoalitionFeed(CoalitionFeed):
    feed_type = Atom1Feed
    subtitle = StatementFeed.description
