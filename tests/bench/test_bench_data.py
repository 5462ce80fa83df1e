"""The benchmark's archive: the counts asked for, the same for the same seed."""

import pytest
from django.core.management import CommandError, call_command

from advocacy.models import Organization, Person
from coalitions.models import Campaign, Signatory
from releases.models import Statement

pytestmark = pytest.mark.django_db


def titles():
    return list(Statement.objects.order_by("id").values_list("title", flat=True))


def test_bench_data_makes_a_reproducible_archive(capsys):
    call_command("bench_data", "--scale", "0.02", "--seed", "5")
    assert Statement.objects.count() == 200
    assert Organization.objects.count() == 20
    assert Person.objects.count() == 60
    assert Signatory.objects.count() == 2000
    viral = Campaign.objects.get().statement
    assert viral.signatories.count() == 1000 and viral.is_public
    assert Statement.objects.published().count() < 200  # some drafts and embargoes
    first = titles()

    with pytest.raises(CommandError, match="--clear"):
        call_command("bench_data", "--scale", "0.02")
    call_command("bench_data", "--scale", "0.02", "--seed", "5", "--clear")
    assert titles() == first
    assert Statement.objects.count() == 200
    assert "Made 200 statements" in capsys.readouterr().out
