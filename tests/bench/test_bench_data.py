"""The benchmark's archive: the counts asked for, the same for the same seed."""

import pytest
from django.core.management import CommandError, call_command

from advocacy.models import Organization, Person
from coalitions.models import Campaign, Signatory
from releases.models import Statement
from tests.bench.management.commands.bench_data import HUGE_SLUG

pytestmark = pytest.mark.django_db


def titles():
    return list(Statement.objects.order_by("id").values_list("title", flat=True))


def test_bench_data_makes_a_reproducible_archive(capsys):
    call_command("bench_data", "--scale", "0.02", "--seed", "5")
    assert Statement.objects.count() == 201  # and the huge statement
    assert Organization.objects.count() == 20
    assert Person.objects.count() == 60
    # 2,000 over the archive, and 2,000 (100,000 scaled) on the huge statement.
    assert Signatory.objects.count() == 4000
    viral = Campaign.objects.exclude(statement__slug=HUGE_SLUG).get().statement
    assert viral.signatories.count() == 1000 and viral.is_public
    huge = Statement.objects.get(slug=HUGE_SLUG)
    assert huge.signatory_list.organizations + huge.signatory_list.individuals == 2000
    assert Statement.objects.published().count() < 200  # some drafts and embargoes
    first = titles()

    with pytest.raises(CommandError, match="--clear"):
        call_command("bench_data", "--scale", "0.02")
    call_command("bench_data", "--scale", "0.02", "--seed", "5", "--clear")
    assert titles() == first
    assert Statement.objects.count() == 201  # and the huge statement
    assert "Made 200 statements" in capsys.readouterr().out
