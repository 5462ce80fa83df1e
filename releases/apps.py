from django.apps import AppConfig
from django.db.models import Q


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = "Press room"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
        from taggit.models import Tag

        from advocacy.backups import restored
        from advocacy.models import Organization, Person, Phone

        from . import cache, history

        history.register()
        from .models import Attachment, MediaContact, Statement, StatementIssuer, TaggedStatement

        for model in (
            Statement,
            StatementIssuer,
            MediaContact,
            Attachment,
            TaggedStatement,
            Tag,
            Person,
            Phone,
        ):
            post_save.connect(cache.invalidate, sender=model, dispatch_uid=f"pages-{model}")
            post_delete.connect(cache.invalidate, sender=model, dispatch_uid=f"pages-d-{model}")
        # A new organization only adds to the directory (every approved sign-on of a new
        # name makes one): pages may be served as they were while one request renders.
        post_save.connect(_organization_saved, sender=Organization, dispatch_uid="pages-org")
        post_delete.connect(cache.invalidate, sender=Organization, dispatch_uid="pages-d-org")
        m2m_changed.connect(_invalidate_on_m2m, dispatch_uid="pages-m2m")
        # A restored backup replaces everything at once, past the model signals.
        restored.connect(cache.invalidate, dispatch_uid="pages-restored")

        # The stored search text holds the names of issuers and tags (PostgreSQL).
        for model in (StatementIssuer, TaggedStatement):
            post_save.connect(_refresh_search, sender=model, dispatch_uid=f"search-{model}")
            post_delete.connect(_refresh_search, sender=model, dispatch_uid=f"search-d-{model}")
        m2m_changed.connect(
            _refresh_search_on_tags, sender=TaggedStatement, dispatch_uid="search-tags"
        )
        post_save.connect(
            _refresh_search_on_rename, sender=Organization, dispatch_uid="search-organization"
        )
        post_migrate.connect(_fill_search_vectors, sender=self, dispatch_uid="search-migrate")

        # Publishing, however it is done, closes the statement's waiting review.
        from . import reviews

        post_save.connect(reviews.close_on_publish, sender=Statement, dispatch_uid="reviews")
        # Public forms' fill-time stamp (sign-on, subscription), made for each reader of a
        # cached page.
        from advocacy.guards import stamp

        cache.per_reader_input("started", lambda request: stamp())
        # Sending releases to the press: unpublishing stops sends; bounces, complaints.
        from .distribution import receivers

        receivers.connect()


def _organization_saved(sender, instance, created, **kwargs):
    from . import cache

    if created:
        cache.invalidate_gracefully()
    else:
        cache.invalidate()


def _invalidate_on_m2m(sender, **kwargs):
    """A many-to-many change makes pages stale, unless it is one of the press list's
    (topics of journalists, members of lists, lists of a send), which no page shows."""
    from . import cache

    if not sender.__module__.startswith("releases.distribution"):
        cache.invalidate(**kwargs)


def _fill_search_vectors(sender, using, **kwargs):
    """After a migrate, the search text of statements that have none yet (new installs
    of the search, a new part of the text): every table exists by then."""
    from .models import Statement

    Statement.objects.using(using).filter(
        Q(search_vector__isnull=True) | Q(search_rank_vector__isnull=True)
    ).refresh_search_vectors()


def _refresh_search(sender, instance, **kwargs):
    from .models import Statement

    statement_id = getattr(instance, "statement_id", None) or instance.content_object_id
    Statement.objects.filter(pk=statement_id).refresh_search_vectors()


def _refresh_search_on_tags(sender, instance, action, **kwargs):
    from .models import Statement

    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Statement):
        Statement.objects.filter(pk=instance.pk).refresh_search_vectors()


def _refresh_search_on_rename(sender, instance, created, **kwargs):
    """An organization's new name or acronym: the statements it issued or signed."""
    from .models import Statement

    if created or not instance.names_changed:
        return
    from . import related

    issued = Statement.objects.filter(issuers__organization=instance).values("pk")
    Statement.objects.filter(
        Q(pk__in=issued) | related.involving(Q(pk=instance.pk))
    ).refresh_search_vectors()
