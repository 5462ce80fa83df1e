import pytest

from tests import factories


@pytest.fixture
def staff_user(db):
    return factories.make_user()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
