"""XML normalization ("Normalized", XEP-0116 §"XML Normalization") as
spec/normalization.md and spec/byte-strings.md §2 define the exact bytes.

The input is a tree parsed by xml.etree.ElementTree (expat): references,
CDATA, attribute-value and line-end normalization are already applied, as
Canonical XML 1.0 §1.1 assumes. `parse` first scans the input with expat
for what the project's XML profile refuses (spec/ambiguities.md, section 2),
so a refusal has the status the profile gives it. ElementTree names a namespaced element or
attribute "{uri}local"; namespace declarations are not attributes.
"""

import xml.etree.ElementTree as ET
from xml.parsers import expat

from primitives import CheckFailure

_XML_SPACE = " \t\r\n"


def split_name(tag):
    """'{uri}local' -> (uri, local); 'local' -> ('', local)."""
    if tag.startswith("{"):
        uri, local = tag[1:].split("}", 1)
        return uri, local
    return "", tag


def local_name(tag):
    return split_name(tag)[1]


def namespace(tag):
    return split_name(tag)[0]


def _esc_text(text):
    # Canonical XML 1.0 §2.3 for character data: & < > and CR
    return (text.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\r", "&#xD;"))


def _esc_attr(value):
    # Canonical XML 1.0 §2.3 for attribute values: & < " TAB LF CR
    return (value.replace("&", "&amp;").replace("<", "&lt;")
            .replace('"', "&quot;").replace("\t", "&#x9;")
            .replace("\n", "&#xA;").replace("\r", "&#xD;"))


def _is_space(text):
    return text is None or all(c in _XML_SPACE for c in text)


def norm(elem, ns):
    """norm(E): its own tags included; every element must be in `ns`."""
    if namespace(elem.tag) != ns:
        raise CheckFailure("ESESSION_EXML_C14N_NAMESPACE",
                           f"element {elem.tag} not in {ns!r}")
    attrs = []
    for name, value in elem.attrib.items():
        if name.startswith("{"):
            raise CheckFailure("ESESSION_EXML_C14N_NAMESPACE",
                               f"qualified attribute {name}")
        attrs.append((name.encode("utf-8"), name, value))
    attrs.sort()
    out = ["<", local_name(elem.tag)]
    for _, name, value in attrs:
        out.append(f' {name}="{_esc_attr(value)}"')
    out.append(">")
    children = list(elem)
    if children:
        if not _is_space(elem.text):
            raise CheckFailure("ESESSION_EXML_MIXED_CONTENT", elem.tag)
        for child in children:
            out.append(norm(child, ns))
            if not _is_space(child.tail):
                raise CheckFailure("ESESSION_EXML_MIXED_CONTENT", elem.tag)
    else:
        out.append(_esc_text(elem.text or ""))
    out.append(f"</{local_name(elem.tag)}>")
    return "".join(out)


def norm_children(elem, skip=lambda child: False):
    """The content of a container (form <x/>, XEP-0200 <c/>) without its own
    tags: norm of every element child not skipped, in document order
    (A-"form_X is the content of `<x/>`, not the element"). Text directly in
    the container must be white space."""
    ns = namespace(elem.tag)
    if not _is_space(elem.text):
        raise CheckFailure("ESESSION_EXML_MIXED_CONTENT", elem.tag)
    parts = []
    for child in elem:
        if not _is_space(child.tail):
            raise CheckFailure("ESESSION_EXML_MIXED_CONTENT", elem.tag)
        if not skip(child):
            parts.append(norm(child, ns))
    return "".join(parts)


class _Refused(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


def _forbidden_char(text):
    """XML 1.0 Char production: no C0 controls but TAB, LF, CR; no
    U+FFFE/U+FFFF (surrogates cannot survive the UTF-8 decoding)."""
    return any((ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff"
               for c in text)


def _prescan(data):
    """Refusals of the project's XML profile, in the precedence of
    A-"Which status wins when an input has several defects": NUL, then
    UTF-8 / character validity, then the first defect in document order
    (A-"XML declaration in a stanza", A-"Comments, byte order mark ...",
    A-"DOCTYPE with an internal subset")."""
    if b"\x00" in data:
        raise CheckFailure("ESESSION_EXML_NUL")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end >= len(data) and exc.reason == "unexpected end of data":
            raise CheckFailure("ESESSION_EXML_TRUNCATED",
                               "cut character") from exc
        raise CheckFailure("ESESSION_EXML_UTF8", str(exc)) from exc
    if _forbidden_char(text):
        raise CheckFailure("ESESSION_EXML_UTF8", "forbidden character")
    if text.startswith("\ufeff"):
        raise CheckFailure("ESESSION_EXML_SYNTAX", "byte order mark")

    parser = expat.ParserCreate("UTF-8", "}")

    def refuse(status):
        def handler(*_args):
            raise _Refused(status)
        return handler

    def doctype(_name, _sysid, _pubid, has_internal_subset):
        if not has_internal_subset:
            raise _Refused("ESESSION_EXML_DOCTYPE")

    parser.XmlDeclHandler = refuse("ESESSION_EXML_PI")
    parser.ProcessingInstructionHandler = refuse("ESESSION_EXML_PI")
    parser.CommentHandler = refuse("ESESSION_EXML_COMMENT")
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = refuse("ESESSION_EXML_ENTITY")
    parser.EndDoctypeDeclHandler = refuse("ESESSION_EXML_DOCTYPE")
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise CheckFailure(exc.status) from None
    except expat.ExpatError as exc:
        codes = expat.errors.codes
        if exc.code == codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]:
            raise CheckFailure("ESESSION_EXML_ENTITY", str(exc)) from exc
        if exc.code == codes[expat.errors.XML_ERROR_UNBOUND_PREFIX]:
            raise CheckFailure("ESESSION_EXML_NAMESPACE", str(exc)) from exc
        if exc.code in (codes[expat.errors.XML_ERROR_NO_ELEMENTS],
                        codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN],
                        codes[expat.errors.XML_ERROR_PARTIAL_CHAR]) and \
                _at_end(text, exc.lineno, exc.offset):
            raise CheckFailure("ESESSION_EXML_TRUNCATED", str(exc)) from exc
        raise CheckFailure("ESESSION_EXML_SYNTAX", str(exc)) from exc


def _at_end(text, line, column):
    """Whether expat's error position (1-based line, 0-based column; the
    stanzas here are ASCII, where columns are characters) starts the last, unfinished token of the input: the input
    ended early (ESESSION_EXML_TRUNCATED) rather than being malformed."""
    lines = text.split("\n")
    if line > len(lines):
        return True
    rest = "\n".join([lines[line - 1][column:]] + lines[line:])
    return ">" not in rest


def parse(text):
    """Parse one stanza (or a wrapped XEP-0200 plaintext) under the
    project's XML profile; a refusal raises CheckFailure(ESESSION_EXML_*)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    _prescan(data)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise CheckFailure("ESESSION_EXML_SYNTAX", str(exc)) from exc


def tree_key(elem):
    """A comparable form of a subtree: namespaced names, attributes, leaf
    text, children; white space between elements ignored. Used to compare
    what was encrypted with what was given, whatever serializer wrote it."""
    children = list(elem)
    text = None if children else (elem.text or "")
    return (elem.tag, tuple(sorted(elem.attrib.items())), text,
            tuple(tree_key(c) for c in children))
