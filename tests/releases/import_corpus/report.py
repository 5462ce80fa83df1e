"""The share of fields the importer reads right, per layout and in total.

    python -m tests.releases.import_corpus.report [CORPUS_DIR] [-v]
    make import-report [CORPUS=path] [VERBOSE=1]

A corpus is a folder of layouts, each a folder of releases with a `.yaml` of expected
fields next to each (see README.md). Nothing is saved: each release is read by the
importer's readers and `parse_release`, and compared field by field.
"""

import datetime
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Score:
    right: int = 0
    total: int = 0
    misses: list = field(default_factory=list)

    def add(self, name, ok, expected=None, got=None):
        self.total += 1
        self.right += bool(ok)
        if not ok:
            self.misses.append((name, expected, got))

    @property
    def share(self):
        return self.right / self.total if self.total else 1.0


def _norm(text):
    text = unicodedata.normalize("NFC", str(text or ""))
    text = re.sub(r"[*_]", "", text)
    return " ".join(text.split())


def _digits(number):
    return re.sub(r"\D", "", number)


def _key(name):
    from advocacy.text import name_key

    return name_key(name or "")


def expected_releases(data):
    return data["releases"] if "releases" in data else [data]


def score_release(expected, release, score, label):
    """Add the fields of one release to `score`."""
    simple = ("title", "deck", "kind", "language", "dateline_place", "end_mark")
    for name in simple:
        if name in expected:
            want, got = _norm(expected[name]), _norm(getattr(release, name))
            score.add(f"{label}: {name}", want == got, want, got)
    if "release_date" in expected:
        want = expected["release_date"]
        score.add(
            f"{label}: release_date", release.release_date == want, want, release.release_date
        )
    if "publish_at" in expected:
        want = expected["publish_at"]
        if isinstance(want, str):
            want = datetime.datetime.fromisoformat(want)
        got = release.publish_at
        score.add(f"{label}: publish_at", got is not None and got == want, want, got)
    if "body" in expected:
        paragraphs = [_norm(p) for p in release.body.split("\n\n") if p.strip()]
        body = expected["body"]
        if "first" in body:
            ok = bool(paragraphs) and paragraphs[0].startswith(_norm(body["first"]))
            score.add(f"{label}: body first", ok, body["first"], paragraphs[:1])
        if "last" in body:
            ok = bool(paragraphs) and paragraphs[-1].endswith(_norm(body["last"]))
            score.add(f"{label}: body last", ok, body["last"], paragraphs[-1:])
        if "paragraphs" in body:
            score.add(
                f"{label}: body paragraphs",
                len(paragraphs) == body["paragraphs"],
                body["paragraphs"],
                len(paragraphs),
            )
    if "issuers" in expected:
        _score_list(
            score, f"{label}: issuer", expected["issuers"], release.issuers, _issuer_matches
        )
    if "contacts" in expected:
        _score_list(
            score, f"{label}: contact", expected["contacts"], release.contacts, _contact_matches
        )
    if "signatories" in expected:
        _score_list(
            score,
            f"{label}: signatory",
            expected["signatories"],
            release.signatories,
            _signer_matches,
        )
    if "tags" in expected:
        score.add(
            f"{label}: tags", list(expected["tags"]) == release.tags, expected["tags"], release.tags
        )


def _score_list(score, label, expected, got, matches):
    """Each expected item is a field, right when the item at its place matches; each
    item found beyond those expected is a field wrong."""
    for index, want in enumerate(expected):
        item = got[index] if index < len(got) else None
        score.add(f"{label} {index + 1}", item is not None and matches(want, item), want, item)
    for item in got[len(expected) :]:
        score.add(f"{label} (extra)", False, None, item)


def _issuer_matches(want, issuer):
    names = {_key(issuer.name), _key(issuer.full_name), _key(issuer.acronym), _key(issuer.lookup)}
    if _key(want["name"]) not in names:
        return False
    return "about" not in want or _norm(issuer.about).startswith(_norm(want["about"]))


def _contact_matches(want, contact):
    if _norm(want.get("person", "")) != _norm(contact.person):
        return False
    if "organization" in want and _key(want["organization"]) != _key(contact.organization):
        return False
    if "email" in want and want["email"].casefold() != contact.email.casefold():
        return False
    if "phones" in want:
        return [_digits(p) for p in want["phones"]] == [_digits(p.number) for p in contact.phones]
    return True


def _signer_matches(want, signer):
    return (
        _norm(want["name"]) == _norm(signer.name)
        and _norm(want.get("place", "")) == _norm(signer.place)
        and _norm(want.get("group", "")) == _norm(signer.group)
    )


def corpus_files(root):
    for layout in sorted(path for path in Path(root).iterdir() if path.is_dir()):
        for file in sorted(layout.iterdir()):
            if file.suffix in (".yaml", ".yml", ".py") or file.name.startswith((".", "_")):
                continue
            expected = file.with_suffix(".yaml")
            if expected.exists():
                yield layout.name, file, expected


def measure(root=HERE):
    """{layout: Score}, read from the corpus at `root`."""
    import yaml

    from releases.importing import parse_release
    from releases.importing.readers import read_path

    scores = {}
    for layout, file, expected_file in corpus_files(root):
        score = scores.setdefault(layout, Score())
        expected = expected_releases(yaml.safe_load(expected_file.read_text(encoding="utf-8")))
        sources = [source for source in read_path(file) if not source.error]
        for index, want in enumerate(expected):
            label = f"{file.name}" + (f" #{index + 1}" if len(expected) > 1 else "")
            if index >= len(sources):
                score.add(f"{label}: read", False, "a release", "nothing")
                continue
            source = sources[index]
            try:
                release = parse_release(source.text, hints=source.hints)
            except ValueError as error:
                score.add(f"{label}: read", False, "a release", str(error))
                continue
            score_release(want, release, score, label)
    return scores


def print_report(scores, *, verbose=False, out=sys.stdout):
    width = max([len(layout) for layout in scores] + [6])
    out.write(f"{'layout':<{width}}  {'right':>5}  {'fields':>6}  {'share':>6}\n")
    total = Score()
    for layout, score in scores.items():
        total.right += score.right
        total.total += score.total
        out.write(f"{layout:<{width}}  {score.right:>5}  {score.total:>6}  {score.share:>6.1%}\n")
    out.write(f"{'total':<{width}}  {total.right:>5}  {total.total:>6}  {total.share:>6.1%}\n")
    if verbose:
        for layout, score in scores.items():
            for name, expected, got in score.misses:
                out.write(f"\n{layout} / {name}\n  expected: {expected!r}\n  got:      {got!r}\n")
    return total


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advocacy.settings.test")
    import django

    django.setup()
    args = [arg for arg in argv if not arg.startswith("-")]
    verbose = "-v" in argv or os.environ.get("VERBOSE") == "1"
    root = Path(args[0]) if args else HERE
    print_report(measure(root), verbose=verbose)


if __name__ == "__main__":
    main(sys.argv[1:])
