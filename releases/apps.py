from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = "Press room"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from taggit.models import Tag

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
            Organization,
            Person,
            Phone,
        ):
            post_save.connect(cache.invalidate, sender=model, dispatch_uid=f"pages-{model}")
            post_delete.connect(cache.invalidate, sender=model, dispatch_uid=f"pages-d-{model}")
        m2m_changed.connect(cache.invalidate, dispatch_uid="pages-m2m")
