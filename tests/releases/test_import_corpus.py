"""The importer on the corpus of releases in the layouts press offices use
(tests/releases/import_corpus): the share of fields read right, as `make import-report`
prints it, is at least 98% in total and 90% in every layout."""

from io import StringIO

import pytest

from tests.releases.import_corpus.report import corpus_files, measure, print_report

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def scores():
    return measure()


def test_the_corpus_is_as_large_and_varied_as_promised():
    files = list(corpus_files(measure.__globals__["HERE"]))
    layouts = {layout for layout, _file, _expected in files}
    assert len(layouts) >= 12
    assert len(files) >= 30


def test_fields_read_right_overall_and_in_each_layout(scores):
    out = StringIO()
    total = print_report(scores, verbose=True, out=out)
    assert total.share >= 0.98, out.getvalue()
    for layout, score in scores.items():
        assert score.share >= 0.90, f"{layout}: {score.share:.1%}\n{out.getvalue()}"
