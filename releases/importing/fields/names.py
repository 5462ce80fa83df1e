"""Names: of organizations, people and their roles, and the lists that print them.

In: printed names and short lines ("Alianza Americas & NNIRR", "Jane Doe, Executive
Director of NNIRR", "Desert Dreamers Network (AZ)"). Out: the names split apart, what each
looks like (a person, a role, an organization), and the organizations an About paragraph
describes. `KnownNames` remembers the organizations a release prints, and can ask the
directory about others.
"""

import re

from advocacy.text import looks_like_acronym, name_key, split_acronym

from ..release import MAX_NAME, Spokesperson

ORGANIZATION_WORDS = frozenset(
    """network church center centre council coalition alliance committee association foundation
    institute union federation congregation society board project organization organisation
    campaign fund league services service ministries ministry commission office inc llc ltd corp
    corporation company group forum collective movement initiative agency department university
    college school program programme partners partnership conference diocese archdiocese
    clinic caucus action justice rights defense defence lawyers workers sisters friends
    alianza centro red coalición comité fundación asociación instituto iglesia congregación
    movimiento colectivo unión sindicato consejo frente casa servicio servicios proyecto
    organización clínica colectiva observatorio""".split()
)
ROLE_WORDS = frozenset(
    """director coordinator manager officer president spokesperson organizer organiser attorney
    counsel chair chairman chairwoman chairperson secretary advocate associate specialist
    executive head founder co-founder cofounder analyst lead fellow researcher pastor minister
    bishop reverend representative deputy ceo campaigner strategist leader adviser advisor
    consultant coordinadora coordinador directora director presidenta presidente vocera vocero
    fundador fundadora representante abogada abogado portavoz responsable""".split()
)
NAME_PARTICLES = frozenset("de del la las los van von da das do dos di du le y e bin al".split())
SMALL_WORDS = frozenset(
    "of for and the in on at to a de del la las los el y e en por para con sin &".split()
)
LEGAL_SUFFIX = re.compile(
    r"^(?:inc|llc|ltd|corp|co|a\.? ?c|s\.? ?c|gmbh|e\.? ?v)\.?$", re.IGNORECASE
)
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_PERSON_NAME = (
    rf"[{_UPPER}][\w'’.-]+"
    rf"(?:\s+(?:(?:de|del|de la|van|von|da|dos|di|le)\s+)?[{_UPPER}][\w'’.-]+){{1,3}}"
)
_SPOKESPERSON = re.compile(
    rf"(?<![\w'’])(?P<name>{_PERSON_NAME}),\s+(?P<rest>[^,;:“”\"]{{4,200}}?)(?=,|;|\.\s|\.$|$)"
)
_ROLE_JOINER = re.compile(r"\s+(?:of|at|for|with|de)\s+(?:the\s+)?", re.IGNORECASE)
ISSUER_SEP = re.compile(
    r"(\s*&\s*|\s*;\s*|\s*\n\s*|\s*,\s*(?:and\s+|y\s+|&\s*)?|\s+and\s+|\s+y\s+|\s+\+\s+)",
    re.IGNORECASE,
)
_AND_SEP = re.compile(r"^\s+(?:and|y)\s+$", re.IGNORECASE)
_NAME_MAX_PARTS = 8


def words(text):
    return [word.strip(".,;:()'’\"“”").casefold() for word in text.split()]


def is_person_name(text):
    parts = text.split()
    if not 2 <= len(parts) <= 5 or any(ch.isdigit() for ch in text):
        return False
    if looks_like_acronym(text) or is_organization_like(text) or is_role(text):
        return False
    return all(word[:1].isupper() or word.casefold() in NAME_PARTICLES for word in parts)


def is_role(text):
    found = words(text)
    return 0 < len(found) <= 8 and any(word in ROLE_WORDS for word in found)


def is_organization_like(text):
    name, acronym = split_acronym(text)
    if acronym or looks_like_acronym(name):
        return True
    return any(word in ORGANIZATION_WORDS for word in words(name))


def is_title_case(name):
    parts = [word for word in re.split(r"[\s/-]+", name) if word]
    return bool(parts) and all(
        word[:1].isupper() or word[:1].isdigit() or word.casefold() in SMALL_WORDS for word in parts
    )


def unique(names, key=lambda name: name):
    seen, kept = set(), []
    for item in names:
        found = name_key(key(item))
        if found and found not in seen:
            seen.add(found)
            kept.append(item)
    return kept


def tidy_separator(sep):
    stripped = sep.strip()
    if not stripped:
        return " "
    if stripped in {",", ";"}:
        return f"{stripped} "
    return f" {stripped} "


def join_run(run, i, j):
    """Pieces i..j of a run of (separator, text), joined as printed."""
    out = run[i][1]
    for sep, text in run[i + 1 : j + 1]:
        out += tidy_separator(sep) + text
    return out


def guess_organization(run):
    """(start, end) of the organization among unknown names, or None for a person alone."""
    start = 0
    if is_person_name(run[0][1]):
        start = 1
        if start < len(run) and is_role(run[start][1]) and not is_organization_like(run[start][1]):
            start += 1
    if start >= len(run):
        return None
    end = start
    while end + 1 < len(run):
        sep, following = run[end + 1]
        if LEGAL_SUFFIX.match(following) or (
            sep.strip() in {"-", "–", "—"} and is_organization_like(following)
        ):
            end += 1
        else:
            break
    if start == 0 and not is_organization_like(run[0][1]) and len(run[0][1].split()) <= 1:
        return None  # "Jane" alone, a first name
    return start, end


class KnownNames:
    """Organization names this release prints, and optionally those in the directory."""

    def __init__(self, is_organization=None):
        self.keys, self.acronyms = set(), set()
        self.is_organization = is_organization
        self._asked = {}

    def add(self, text):
        name, acronym = split_acronym(text)
        if name:
            self.keys.add(name_key(name))
        if acronym:
            self.acronyms.add(acronym.casefold())
        elif looks_like_acronym(name):
            self.acronyms.add(name.casefold())

    def __call__(self, text):
        name, acronym = split_acronym(text)
        if not name or len(name) > MAX_NAME:
            return False
        if name_key(name) in self.keys:
            return True
        if acronym and acronym.casefold() in self.acronyms:
            return True
        if looks_like_acronym(name) and name.casefold() in self.acronyms:
            return True
        if self.is_organization is None:
            return False
        if text not in self._asked:
            self._asked[text] = bool(self.is_organization(text))
        return self._asked[text]


def acronym_fits(text):
    """Whether "Full Name (ACR)" has an acronym made of its name's initials, small words
    left out or not: "National Network for Immigrant and Refugee Rights (NNIRR)"."""
    name, acronym = split_acronym(text)
    letters = re.sub(r"[^A-Za-z0-9]", "", acronym).casefold()
    parts = [word for word in re.split(r"[\s/-]+", name_key(name)) if word]
    if not letters or not parts:
        return False
    every = "".join(word[0] for word in parts)
    main = "".join(word[0] for word in parts if word not in SMALL_WORDS)
    return letters in {every, main}


def _ends_with_organization_word(text):
    found = words(text)
    return bool(found) and found[-1] in ORGANIZATION_WORDS and len(found) >= 2


def split_names(text, is_known):
    """Split "A, B & C" into names, keeping together the names an organization is known by."""
    parts = ISSUER_SEP.split(text)
    tokens = [("", parts[0])] + [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]
    tokens = [(sep, token.strip()) for sep, token in tokens]
    window = _NAME_MAX_PARTS  # a name spans a few separators at most: no cubic time
    # "A, B, C and D": a list, whose "and" is the list's, not a name's.
    is_list = sum(sep.strip() == "," for sep, _token in tokens) >= 2
    names, i = [], 0
    while i < len(tokens):
        for j in range(min(len(tokens) - 1, i + window), i - 1, -1):
            if tokens[j][1] and is_known(join_run(tokens, i, j)):
                break
        else:
            j = i
            while j + 1 < len(tokens):
                sep, following = tokens[j + 1]
                alone = (
                    (_ends_with_organization_word(tokens[j][1]) and len(following.split()) >= 2)
                    or looks_like_acronym(tokens[j][1])
                    or is_known(tokens[j][1])
                    or looks_like_acronym(following)
                    or any(
                        is_known(join_run(tokens, j + 1, k))
                        for k in range(j + 1, min(len(tokens), j + 1 + window))
                    )
                )
                if LEGAL_SUFFIX.match(following) or (
                    _AND_SEP.match(sep) and not alone and not is_list
                ):
                    j += 1
                else:
                    break
        name = join_run(tokens, i, j).strip(" ,;")
        if name:
            names.append(name)
        i = j + 1
    return names


def spokespeople(paragraphs):
    """People the body introduces as "Name, Executive Director of Organization"."""
    found, seen = [], set()
    for text in paragraphs:
        for match in _SPOKESPERSON.finditer(text):
            name = match["name"]
            if not is_person_name(name) or name.casefold() in seen:
                continue
            for joiner in _ROLE_JOINER.finditer(match["rest"]):
                title = match["rest"][: joiner.start()].strip()
                organization = match["rest"][joiner.end() :].strip()
                if is_role(title) and organization[:1].isupper():
                    seen.add(name.casefold())
                    found.append(Spokesperson(name, title, organization))
                    break
    return found


# Signers: "Desert Dreamers Network (AZ)", "Casa Esperanza - Tucson, AZ"

_US_STATES = set(
    """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
    NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI""".split()
)
_PLACE_IN_PARENS = re.compile(r"^(?P<name>.+?)\s*\((?P<place>[^()]{2,60})\)$")
_PLACE_AFTER_DASH = re.compile(r"^(?P<name>.+?)\s+[-–—]\s+(?P<place>[^-–—]{2,60})$")
_PLACE_AFTER_COMMA = re.compile(r"^(?P<name>.+?),\s*(?P<place>[^,]{2,40}(?:,\s*[A-Z]{2})?)$")


def is_place(text):
    """ "AZ", "Tucson, AZ", "Arizona", "México", "Guatemala City, Guatemala"."""
    text = text.strip()
    if text in _US_STATES:
        return True
    if re.fullmatch(r"[A-ZÀ-Ý][\w.'’ -]{1,40}(?:,\s*[A-Z]{2}|,\s*[A-ZÀ-Ý][\w.'’ -]{1,30})?", text):
        last = text.rsplit(",", 1)[-1].strip()
        return (
            last in _US_STATES
            or last.casefold() in _COUNTRIES_AND_STATES
            or text.casefold() in _COUNTRIES_AND_STATES
        )
    return False


_COUNTRIES_AND_STATES = frozenset(
    name.casefold()
    for name in """alabama alaska arizona arkansas california colorado connecticut delaware
    florida georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland
    massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma
    oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming
    usa u.s. us méxico mexico guatemala honduras salvador nicaragua panamá panama colombia
    venezuela ecuador perú peru bolivia chile argentina brasil brazil cuba haití haiti canada
    canadá españa spain ariz. calif. fla. ill. tex. n.m. n.y. n.c. colo. ore. wash. mass.""".split()
) | {
    "el salvador",
    "costa rica",
    "puerto rico",
    "new york",
    "new mexico",
    "new jersey",
    "north carolina",
    "south carolina",
    "rhode island",
    "west virginia",
    "new hampshire",
    "north dakota",
    "south dakota",
    "república dominicana",
    "dominican republic",
    "estados unidos",
    "ee.uu.",
    "ee. uu.",
    "eua",
    "united states",
    "chiapas",
    "sinaloa",
    "sonora",
    "chihuahua",
    "tamaulipas",
    "oaxaca",
    "guerrero",
    "jalisco",
    "baja california",
    "nuevo león",
    "coahuila",
    "veracruz",
    "tabasco",
    "michoacán",
    "puebla",
    "cdmx",
    "d.c.",
}


def _reads_as_place(text):
    """In parentheses after a name: "(Sinaloa)", "(Estados Unidos)"; not "(MIWA)"."""
    parts = text.split()
    return (
        1 <= len(parts) <= 4
        and not looks_like_acronym(text.replace(" ", ""))
        and all(word[:1].isupper() or word.casefold() in SMALL_WORDS for word in parts)
        and not is_organization_like(text)
    )


def split_signer(line):
    """(name, place) of a signer's line: the place only when it reads as one."""
    for pattern in (_PLACE_IN_PARENS, _PLACE_AFTER_DASH, _PLACE_AFTER_COMMA):
        match = pattern.match(line)
        if not match:
            continue
        if pattern is _PLACE_IN_PARENS and acronym_fits(line):
            continue  # "National Network for Immigrant and Refugee Rights (NNIRR)"
        place = match["place"].strip()
        if is_place(place) or (pattern is _PLACE_IN_PARENS and _reads_as_place(place)):
            return match["name"].strip(), match["place"].strip()
    return line, ""
