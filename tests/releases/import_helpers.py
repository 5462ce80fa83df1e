"""The importer's test material: the two seed releases and a small release to vary."""

from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
COMPACT = SEEDS / "2017-12-04-global-compact-withdrawal.txt"
IOM = SEEDS / "2018-06-29-iom-director-general-vote.txt"
# The 2017 seed's signatories, in printed order.
COMPACT_SIGNATORIES = [
    "Alianza Americas",
    "Central American Refugee Center - San Francisco",
    "Centro de los Derechos del Migrante, Inc.",
    "Congregation of Our Lady of Charity of the Good Shepherd",
    "National Network for Immigrant and Refugee Rights (NNIRR)",
    "Scalabrini International Migration Network",
    "United Methodist Church - General Board of Church and Society",
]
NNIRR = "National Network for Immigrant and Refugee Rights"


def seed(path):
    return path.read_text(encoding="utf-8")


def release(body="Chicago — June 29, 2018 — The body.", *, title="A title", after="###"):
    """A small synthetic release."""
    return f"{title}\n\n{body}\n\n{after}\n"
