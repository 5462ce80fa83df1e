"""Two people submit the same organization at the same moment: one row remains."""

import threading

import pytest
from django.db import connection, connections

from coalitions import services
from coalitions.models import Signatory
from tests.coalitions.factories_signon import make_campaign

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent writers need PostgreSQL (CI runs the suite on it)",
    ),
]


def test_concurrent_submissions_of_one_organization_leave_one_row():
    campaign = make_campaign()
    barrier = threading.Barrier(8)
    errors = []

    def sign(n):
        try:
            barrier.wait(timeout=10)
            services.submit_signature(
                campaign=campaign,
                data={
                    "organization_name": "The Centro de Trabajadores  Unidos"
                    if n % 2
                    else "centro de trabajadores unidos",
                    "signer_name": f"Signer {n}",
                    "email": f"s{n}@example.org",
                    "country": "US",
                    "consent_to_list": True,
                },
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Signatory.objects.filter(statement=campaign.statement).count() == 1
