"""Fill the database with a realistic archive for the benchmark, reproducibly.

    manage.py bench_data                    # 10,000 statements, 1,000 organizations, ...
    manage.py bench_data --scale 0.01       # a hundredth of that, for a quick look
    manage.py bench_data --seed 7 --clear   # another archive, replacing the last one
    manage.py bench_data --huge             # add the statement with 100,000 signatories

Everything is written with bulk inserts in one transaction; the same seed gives the
same archive on SQLite and PostgreSQL.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from advocacy.models import Organization, Person, Phone
from advocacy.text import name_key, sort_key
from coalitions.models import Campaign, Signatory, SignatoryList
from releases import markup
from releases.models import MediaContact, Statement, StatementIssuer, TaggedStatement
from tests.bench.words import (
    FIRST,
    LAST,
    ORG_SUBJECTS,
    ORG_WORDS,
    PLACES,
    SENTENCES,
    STATES,
    TOPICS,
)

BASE = {
    "statements": 10_000,
    "organizations": 1_000,
    "people": 3_000,
    "signatories": 100_000,
}
VIRAL_SIGNATORIES = 1_000  # the statement the benchmark reads with 1,000 signatories
HUGE_SIGNATORIES = 100_000  # and the one with 100,000 (scale)
HUGE_SLUG = "bench-huge-statement-100000-signatories"
PREFIX = "bench-"

KINDS = (
    [Statement.Kind.PRESS_RELEASE] * 6
    + [Statement.Kind.JOINT_STATEMENT] * 3
    + [Statement.Kind.SIGN_ON_LETTER]
)


class Command(BaseCommand):
    help = __doc__.strip().splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Multiply every count.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--clear", action="store_true", help="Delete a previous benchmark archive first."
        )
        parser.add_argument(
            "--huge",
            action="store_true",
            help="Only add the statement with 100,000 signatories (times --scale) to the "
            "archive, if it has none yet (it is part of a new archive).",
        )

    def handle(self, *args, scale, seed, clear, huge, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        counts = {name: max(1, round(n * scale)) for name, n in BASE.items()}
        if huge:
            made = add_huge_statement(random.Random(seed), max(1, round(HUGE_SIGNATORIES * scale)))
            self.stdout.write(f"Made {made:,} signatories on {HUGE_SLUG}." if made else "")
            return
        if Organization.objects.filter(slug__startswith=PREFIX).exists():
            if not clear:
                raise CommandError("A benchmark archive exists: add --clear to replace it.")
        started = time.perf_counter()
        with transaction.atomic():
            if clear:
                self.clear()
            made = Builder(random.Random(seed), counts).build()
            made["signatories of the huge statement"] = add_huge_statement(
                random.Random(seed), max(1, round(HUGE_SIGNATORIES * scale))
            )
            # Bulk inserts send no signals: the search text of every statement at once.
            Statement.objects.filter(slug__startswith=PREFIX).refresh_search_vectors()
        if connection.vendor == "postgresql":
            # Fresh rows have no planner statistics and no visibility map yet; autovacuum
            # would see to it within minutes, the benchmark wants it now.
            # (VACUUM cannot run inside a transaction, as in the test suite: ANALYZE can.)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{n:,} {name}" for name, n in made.items())
        self.stdout.write(f"Made {summary} in {seconds:.1f} s (seed {seed}).")

    def clear(self):
        statements = Statement.objects.filter(slug__startswith=PREFIX)
        Signatory.objects.filter(statement__in=statements).delete()
        MediaContact.objects.filter(statement__in=statements).delete()
        StatementIssuer.objects.filter(statement__in=statements).delete()
        statements.delete()
        Person.objects.filter(organization__slug__startswith=PREFIX).delete()
        Organization.objects.filter(slug__startswith=PREFIX).delete()
        Tag.objects.filter(slug__startswith=PREFIX).delete()


class Builder:
    def __init__(self, rng, counts):
        self.rng = rng
        self.counts = counts
        self.now = timezone.now()

    def build(self):
        organizations = self.organizations()
        people = self.people(organizations)
        tags = self.tags()
        statements = self.statements()
        self.issuers_and_contacts(statements, organizations, people)
        tagged = self.tagging(statements, tags)
        signatories = self.signatories(statements, organizations)
        return {
            "statements": len(statements),
            "organizations": len(organizations),
            "people": len(people),
            "signatories": signatories,
            "tags": len(tags),
            "tagged statements": tagged,
        }

    def organizations(self):
        rng, rows = self.rng, []
        for n in range(self.counts["organizations"]):
            name = (
                f"{rng.choice(ORG_SUBJECTS)} {rng.choice(ORG_WORDS)} "
                f"of {rng.choice(PLACES).split(',')[0]} {n + 1}"
            )
            rows.append(
                Organization(
                    name=name,
                    name_key=name_key(name),
                    slug=f"{PREFIX}{slugify(name)}"[:80],
                    website=f"https://org{n + 1}.example.org",
                    about=" ".join(rng.sample(SENTENCES, 2)),
                    city=f"{rng.choice(PLACES).split(',')[0]}, {rng.choice(STATES)}",
                    country="USA",
                    email=f"press@org{n + 1}.example.org",
                    phone=f"+1 555-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}",
                )
            )
        return Organization.objects.bulk_create(rows, batch_size=1000)

    def people(self, organizations):
        rng, rows = self.rng, []
        for n in range(self.counts["people"]):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n + 1}"
            rows.append(
                Person(
                    name=name,
                    title=rng.choice(
                        [
                            "Executive Director",
                            "Communications Director",
                            "Policy Analyst",
                            "Organizer",
                        ]
                    ),
                    organization=organizations[n % len(organizations)],
                    email=f"person{n + 1}@example.org",
                )
            )
        people = Person.objects.bulk_create(rows, batch_size=1000)
        Phone.objects.bulk_create(
            (
                Phone(
                    person=person,
                    label=rng.choice(["", "U.S.", "Mobile"]),
                    number=f"+1 555-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}",
                )
                for person in people
            ),
            batch_size=2000,
        )
        return people

    def tags(self):
        rows = [Tag(name=topic, slug=f"{PREFIX}{slugify(topic)}") for topic in TOPICS]
        return Tag.objects.bulk_create(rows)

    def statements(self):
        rng, rows = self.rng, []
        bodies = [self.body() for _ in range(200)]
        rendered = [(body, markup.render(body)) for body in bodies]
        start = datetime.date(2010, 1, 1)
        span = (self.now.date() - start).days
        for n in range(self.counts["statements"]):
            day = start + datetime.timedelta(days=rng.randrange(span))
            body, html = rng.choice(rendered)
            roll = rng.random()
            status = Statement.Status.PUBLISHED if roll > 0.03 else Statement.Status.DRAFT
            publish_at = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(9, rng.randrange(60)))
            )
            if 0.03 <= roll < 0.04:  # a few under embargo
                publish_at = self.now + datetime.timedelta(days=rng.randrange(1, 30))
            topic = rng.choice(TOPICS)
            opening = rng.choice(
                ["Statement on", "Coalition responds to", "Groups condemn", "Advocates welcome"]
            )
            title = f"{opening} {topic} decision ({n + 1})"
            rows.append(
                Statement(
                    kind=rng.choice(KINDS),
                    title=title,
                    deck=rng.choice(SENTENCES) if rng.random() < 0.5 else "",
                    slug=f"{PREFIX}{n + 1}-{slugify(title)}"[:100],
                    dateline_place=rng.choice(PLACES),
                    release_date=day,
                    body=body,
                    body_html=html,
                    end_mark=rng.choice(["###", "###", "#", "-30-"]),
                    language="es" if rng.random() < 0.15 else "en",
                    status=status,
                    publish_at=publish_at if status == Statement.Status.PUBLISHED else None,
                )
            )
        return Statement.objects.bulk_create(rows, batch_size=1000)

    def body(self):
        rng = self.rng
        paragraphs = [
            " ".join(rng.sample(SENTENCES, rng.randrange(3, 6))) for _ in range(rng.randrange(4, 9))
        ]
        paragraphs.insert(
            1,
            f"“{rng.choice(SENTENCES)}” said {rng.choice(FIRST)} "
            f"{rng.choice(LAST)}, *Executive Director*.",
        )
        return "\n\n".join(paragraphs)

    def issuers_and_contacts(self, statements, organizations, people):
        rng, issuers, contacts = self.rng, [], []
        for statement in statements:
            for position, org in enumerate(rng.sample(organizations, rng.randrange(1, 4))):
                issuers.append(
                    StatementIssuer(statement=statement, organization=org, position=position)
                )
            for position, person in enumerate(rng.sample(people, rng.randrange(1, 4))):
                contacts.append(
                    MediaContact(
                        statement=statement,
                        person=person,
                        organization=person.organization,
                        heading="Media contacts",
                        position=position,
                    )
                )
        StatementIssuer.objects.bulk_create(issuers, batch_size=2000)
        MediaContact.objects.bulk_create(contacts, batch_size=2000)

    def tagging(self, statements, tags):
        rng = self.rng
        rows = [
            TaggedStatement(content_object=statement, tag=tag)
            for statement in statements
            for tag in rng.sample(tags, rng.randrange(0, 4))
        ]
        TaggedStatement.objects.bulk_create(rows, batch_size=5000)
        return len({row.content_object_id for row in rows})

    def signatories(self, statements, organizations):
        """The first published statement gets 1,000 signatories and an open campaign;
        the rest of the total is spread over the others."""
        rng = self.rng
        total = self.counts["signatories"]
        published = [s for s in statements if s.status == Statement.Status.PUBLISHED]
        viral, others = published[0], published[1:] or published
        Campaign.objects.create(statement=viral, goal=2_000, requires_moderation=True)
        rows = []

        def add(statement, count):
            chosen = rng.sample(organizations, min(count, len(organizations)))
            for position, org in enumerate(chosen):
                rows.append(
                    Signatory(
                        statement=statement,
                        organization=org,
                        name=org.name,
                        name_key=org.name_key,
                        sort_key=sort_key(org.name),
                        position=position,
                        country=rng.choice(["US", "US", "US", "MX", "GT"]),
                    )
                )
            extra = count - len(chosen)
            for n in range(extra):  # beyond the directory: individuals, listed by name
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {statement.pk}-{n}"
                rows.append(
                    Signatory(
                        statement=statement,
                        name=name,
                        name_key=name_key(name),
                        sort_key=sort_key(name),
                        kind=Signatory.Kind.INDIVIDUAL,
                        position=len(chosen) + n,
                    )
                )

        add(viral, min(VIRAL_SIGNATORIES, total))
        remaining = total - min(VIRAL_SIGNATORIES, total)
        pool = list(others)
        rng.shuffle(pool)
        per_statement = max(1, -(-remaining // max(1, len(pool))))  # ceiling
        for statement in pool:
            if remaining <= 0:
                break
            count = min(remaining, rng.randrange(1, 2 * per_statement + 1))
            add(statement, count)
            remaining -= count
        Signatory.objects.bulk_create(rows, batch_size=5000)
        # Bulk inserts bypass Signatory.save(), which keeps each statement's count.
        SignatoryList.objects.recount(sorted({row.statement_id for row in rows}))
        return Signatory.objects.filter(statement__slug__startswith=PREFIX).count()


def add_huge_statement(rng, count):
    """A published statement with `count` signatories (organizations of the directory,
    then individuals, listed) and an open campaign, made once: how many were made."""
    if Statement.objects.filter(slug=HUGE_SLUG).exists():
        return 0
    organizations = list(Organization.objects.filter(slug__startswith=PREFIX))
    with transaction.atomic():
        statement = Statement.objects.create(
            kind=Statement.Kind.SIGN_ON_LETTER,
            title="Open letter with 100,000 signatories",
            slug=HUGE_SLUG,
            dateline_place="Washington",
            release_date=timezone.now().date(),
            body=" ".join(rng.sample(SENTENCES, 5)),
            body_html=markup.render(" ".join(rng.sample(SENTENCES, 5))),
            status=Statement.Status.PUBLISHED,
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )
        Campaign.objects.create(statement=statement, allow_individuals=True, list_individuals=True)
        rows = [
            Signatory(
                statement=statement,
                organization=org,
                name=org.name,
                name_key=org.name_key,
                sort_key=sort_key(org.name),
                position=position,
                country=rng.choice(["US", "US", "MX"]),
            )
            for position, org in enumerate(organizations[:count])
        ]
        for n in range(count - len(rows)):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n + 1}"
            rows.append(
                Signatory(
                    statement=statement,
                    name=name,
                    name_key=name_key(name),
                    sort_key=sort_key(name),
                    kind=Signatory.Kind.INDIVIDUAL,
                    position=len(organizations) + n,
                )
            )
        Signatory.objects.bulk_create(rows, batch_size=5000)
        SignatoryList.objects.recount([statement.pk])
        Statement.objects.filter(pk=statement.pk).refresh_search_vectors()
    return len(rows)
