"""The lines that mark the parts of a release: header lines, end marks, headings.

In: one normalised line. Out: whether (and how) it marks a part. Shared by `head` and
`tail`, so that a heading reads the same at the top and at the bottom of a release.
"""

import re

from ..fields.dates import DATE

_DASH = "-‐‒–—―"

HEADER = re.compile(
    r"^(?:\*+\s*)?(?P<words>for immediate release|immediate release|for release(?: on)?"
    r"|para (?:su )?(?:publicaci[óo]n|difusi[óo]n|distribuci[óo]n|divulgaci[óo]n) inmediata"
    r"|(?:press|news|media|photo) (?:release|statement|advisory|alert|opportunity)|advisory"
    r"|for planning purposes(?: only)?|aviso (?:a (?:los )?|para (?:los )?|de )?(?:medios|prensa)"
    r"|invitaci[óo]n a (?:los )?medios|convocatoria (?:a (?:los )?medios|de prensa)"
    r"|comunicado(?: de prensa| conjunto)?"
    r"|bolet[íi]n(?: de prensa| informativo)?|nota (?:de prensa|informativa)"
    r"|(?P<joint>joint statement|declaraci[óo]n conjunta|pronunciamiento conjunto)"
    r"|(?P<letter>open letter|sign-on letter|coalition letter|carta abierta|carta conjunta)"
    r"|statement|declaraci[óo]n|pronunciamiento)"
    rf"(?:\s*[:{_DASH},|]?\s*(?P<date>{DATE}))?(?:\s*\*+)?[:.]?$",
    re.IGNORECASE,
)
END_MARK = re.compile(
    rf"^(?:#(?:\s?#){{0,4}}|[{_DASH}]\s?#(?:\s?#){{0,4}}\s?[{_DASH}]|[{_DASH}]\s?30\s?[{_DASH}]"
    rf"|[{_DASH}]?\s?(?:ends?|fin)\s?[{_DASH}]?|\*\s?\*\s?\*)$",
    re.IGNORECASE,
)
# "Contact: Jane Doe | 555-0143 | jane@x.org", "For more information in Puerto Vallarta:"
CONTACT_HEADING = re.compile(
    r"^(?P<heading>(?:(?:media|press|news)\s+)?contacts?(?:\s+(?:for|in)\s+[^:]{1,60})?"
    r"|(?:media|press)\s+(?:inquiries|enquiries)|contactos?(?:\s+(?:de|para)\s+(?:prensa|medios))?"
    r"|contacto de medios|informes|prensa|press office|oficina de prensa"
    r"|for (?:further|more|additional) information[^:]{0,80}"
    r"|para (?:más|mayor|m[áa]s) informaci[óo]n[^:]{0,80}"
    r"|for interviews[^:]{0,60}|para entrevistas[^:]{0,60}|media contacts? for [^:]{1,60})"
    r"\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
CONTACT_HEADING_ALONE = re.compile(
    r"^(?P<heading>(?:(?:media|press|news)\s+)?contacts?|media inquiries|contactos?"
    r"|contacto(?:s)? (?:de|para) (?:prensa|medios))\s*$",
    re.IGNORECASE,
)
ABOUT_HEADING = re.compile(
    r"^(?:about|acerca del?|sobre|quiénes somos|quienes somos)\s+"
    r"(?:(?:the|el|la|los|las)\s+)?(?P<name>[^:]{2,150}?)"
    r"\s*(?::\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
SIGNED = re.compile(
    r"^(?:signed(?: by)?|signatories|signers|endorsed by|endorsers|co-?signers"
    r"|(?:the )?undersigned(?: organizations)?|firman|firmantes|firmado por|suscriben"
    r"|organizaciones firmantes|adhesiones)(?:\s*:\s*(?P<rest>.*)|\s*[:,]?\s*)$",
    re.IGNORECASE,
)
VALEDICTION = re.compile(
    r"^(?:sincerely(?: yours)?|respectfully(?: yours)?|respectfully submitted|cordially"
    r"|(?:with |in )?solidarity|in peace|best regards|regards|yours truly"
    r"|atentamente|cordialmente|respetuosamente|en solidaridad|saludos cordiales"
    r"|fraternalmente)\s*[,.:]?$",
    re.IGNORECASE,
)
SALUTATION = re.compile(
    r"^(?:dear|to|estimad[oa]s?|querid[oa]s?|señor[a]?|sr\.|sra\.)\b.{1,120}[:,]$", re.I
)
ISSUED_BY = re.compile(
    r"^(?:(?:issued|released|distributed|published|emitido|publicado) (?:by|por)\b|source\b)"
    r"\s*:?\s*",
    re.IGNORECASE,
)
GROUP_WORDS = re.compile(
    r"\b(?:organi[sz]ations|organizaciones|groups|grupos|individuals|individuos|personas"
    r"|signers|signatories|firmantes|endorsers|allies|aliados|coalitions|coaliciones"
    r"|networks|redes|unions|sindicatos|congregations|congregaciones|members|miembros"
    r"|leaders|líderes|lideres|entities|entidades|colectivos)\b",
    re.IGNORECASE,
)


def is_end_mark(paragraph):
    return len(paragraph) == 1 and bool(END_MARK.match(paragraph[0]))


def is_contact_heading(line):
    return bool(CONTACT_HEADING.match(line) or CONTACT_HEADING_ALONE.match(line))


def contact_heading(line):
    """(heading, rest of the line) of a contact heading line, or None."""
    match = CONTACT_HEADING.match(line) or CONTACT_HEADING_ALONE.match(line)
    if not match:
        return None
    return match["heading"].strip(), (match.groupdict().get("rest") or "").strip()


def is_group_heading(line, *, alone=False):
    """ "National Organizations", "Organizaciones estatales y locales:"."""
    if line.endswith(":") and len(line) <= 100 and not SIGNED.match(line):
        return True
    words = line.split()
    return (
        len(words) <= 6
        and "(" not in line
        and bool(GROUP_WORDS.search(line))
        and (alone or not line.endswith("."))
    )
