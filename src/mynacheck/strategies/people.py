"""People: realistic records, their renderings, and the linkages that go wrong.

Built from the per-item strategies (:mod:`.names`, :mod:`.dates`,
:mod:`.addresses`, :mod:`.numbers`), so each item varies the way real
systems write it.
"""

from __future__ import annotations

import datetime
import functools

import attrs
from hypothesis import strategies as st

from ..errors import UsageError
from ..fields.address import Address, parse_address
from ..fields.birthdate import BirthDate, parse_date
from ..fields.name import normalize_name, split_heiki
from ..record import Record
from ..status import Status
from .addresses import address_renderings, address_text, addresses
from .dates import birth_dates, date_renderings
from .names import (
    CHINESE_ALPHABET,
    FOREIGN_NAMES,
    GIVEN_NAMES,
    SURNAMES,
    PersonName,
    kana_renderings,
    name_renderings,
    names,
)
from .numbers import mistyped_numbers, my_numbers

__all__ = ["FAMILY_KINDS", "MISLINKAGE_KINDS", "STATUS_TEXTS", "households", "mislinkages", "records", "renderings",
           "register_records", "registered_name_renderings", "register_statuses", "surname_changes"]

#: The relatives whose number gets registered by mistake (the form showed both).
FAMILY_KINDS = ("spouse", "child", "parent", "twin")
#: Every kind :func:`mislinkages` draws from; ``"family"`` stands for all of FAMILY_KINDS.
MISLINKAGE_KINDS = (*FAMILY_KINDS, "same_name", "swapped_number", "mistyped_valid", "mistyped_invalid")

_OLDEST = 100  # years: the register holds centenarians, business data rarely older
_SEX_NOTATIONS = {"1": ("1", "男", "男性", "M", "male", "１"), "2": ("2", "女", "女性", "F", "female", "２")}
_NUMBER_SEPARATORS = ("", " ", "-", "\u3000")
_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def _today() -> datetime.date:
    return datetime.date.today()


def _born_between(oldest: int, youngest: int = 0, around: datetime.date | None = None) -> st.SearchStrategy[str]:
    """ISO birth dates of people aged ``youngest``..``oldest`` (relative to ``around`` when given)."""
    today = _today()
    if around is None:
        lo = today.replace(year=today.year - oldest, day=1)
        hi = today
    else:
        lo = datetime.date(max(1900, around.year + youngest), 1, 1)
        hi = min(today, datetime.date(min(today.year, around.year + oldest), 12, 31))
    lo = max(lo, datetime.date(1873, 1, 1))
    if lo > hi:
        lo = hi
    return birth_dates(min_value=lo, max_value=hi).map(lambda d: d.isoformat())


@functools.lru_cache(maxsize=4096)
def _parsed_address(text: str) -> Address:
    return parse_address(text)


@functools.lru_cache(maxsize=4096)
def _parsed_date(text: str) -> BirthDate:
    return parse_date(text)


def _person_name(rec: Record) -> PersonName | str:
    """Recover enough of a name's kind to render it (alphabet names differ)."""
    name = rec.name or ""
    if name.isascii() and " " in name:
        surname, _, given = name.partition(" ")
        kana_s, _, kana_g = (rec.kana or " ").partition(" ")
        return PersonName(surname, given, kana_s, kana_g, foreign=True)
    return name


@st.composite
def records(draw: st.DrawFn, *, foreign: bool = True) -> Record:
    """A realistic person as the register holds them.

    Names follow surname and given-name frequencies (some foreign residents,
    with alphabet names or Chinese kanji names, and 通称 aliases); ages run
    from newborn to 100; birth dates are valid; addresses are real towns with
    住居表示 or 地番 numbers.  The My Number passes its check digit.

    >>> from hypothesis import find
    >>> rec = find(records(), lambda r: r.aliases != ())
    >>> bool(rec.aliases) and rec.my_number is not None
    True
    """
    person = draw(names(foreign=foreign))
    aliases: tuple[str, ...] = ()
    if person.foreign and draw(st.booleans()):
        # A 通称 in katakana, as registered for many foreign residents.
        aliases = (person.kana,)
    return Record(
        my_number=draw(my_numbers()),
        name=person.name,
        kana=person.kana,
        birth_date=draw(_born_between(_OLDEST)),
        sex=draw(st.sampled_from(("1", "2"))),
        address=address_text(draw(addresses())),
        aliases=aliases,
    )


@st.composite
def households(draw: st.DrawFn, size: st.SearchStrategy[int] | None = None) -> list[Record]:
    """People living together: one surname, one address, distinct given names.

    The first member is the head of the household; the others are a spouse and
    children (or parents), with plausible ages.
    """
    head = draw(records(foreign=False))
    n = draw(size if size is not None else st.integers(2, 5))
    members = [head]
    for _ in range(n - 1):
        kind = draw(st.sampled_from(("spouse", "child", "child", "parent")))
        members.append(draw(_relative(head, kind, taken={m.name or "" for m in members})))
    return members


@st.composite
def _relative(draw: st.DrawFn, rec: Record, kind: str, taken: set[str] | None = None) -> Record:
    """A family member of ``rec``: same surname and address, another given name or birth date.

    A parent or child may share the given name (another birth date tells them
    apart); a spouse, a twin, and anyone in ``taken`` (a household being
    built) may not.
    """
    surname = (rec.name or "").partition(" ")[0]
    kana_surname = (rec.kana or "").partition(" ")[0]
    born = datetime.date.fromisoformat(rec.birth_date or "1970-01-01")
    pool = st.sampled_from(GIVEN_NAMES)
    if kind in ("twin", "spouse") or taken is not None:
        used = {normalize_name(t) for t in (taken or set())} | {normalize_name(rec.name or "")}
        pool = pool.filter(lambda g: normalize_name(f"{surname} {g[0]}") not in used)
    relative_given, relative_kana = draw(pool)
    if kind == "twin":
        birth = rec.birth_date or ""
    else:
        span = {"spouse": (-8, 8), "child": (18, 45), "parent": (-45, -18)}[kind]
        birth = draw(
            _born_between(oldest=span[1], youngest=span[0], around=born).filter(lambda d: d != rec.birth_date)
        )
    return attrs.evolve(
        rec,
        my_number=draw(my_numbers()),
        name=f"{surname} {relative_given}",
        kana=f"{kana_surname} {relative_kana}",
        birth_date=birth,
        sex=draw(st.sampled_from(("1", "2"))),
        aliases=(),
    )


@st.composite
def renderings(draw: st.DrawFn, rec: Record, *, aliases: bool = True) -> Record:
    """The same person as another system writes them; it always compares as ``match``.

    Each item may vary: variant kanji, spacing and width of the name; the
    kana's script, width and small kana; 和暦 styles, era codes and separators
    of the birth date; the address's numerals, hyphens, 丁目番号 and omitted
    prefecture or 郡; sex codes; and the My Number's grouping and width.

    **The 通称.**  With ``aliases=True`` (the default) a person whose register
    record holds a 通称 or 旧氏 (``rec.aliases``) may be written under it
    instead of the legal name: it matches through the alias (the name
    finding's ``via`` is ``"alias"``).  ``aliases=False`` always writes the
    legal name (the business record may still keep the aliases or drop them).
    """
    changes: dict[str, object] = {}
    if rec.my_number and draw(st.booleans()):
        digits = rec.my_number
        sep = draw(st.sampled_from(_NUMBER_SEPARATORS))
        number = sep.join((digits[:4], digits[4:8], digits[8:]))
        changes["my_number"] = number.translate(_WIDE) if draw(st.booleans()) else number
    if rec.name and draw(st.booleans()):
        if aliases and bool(rec.aliases) and draw(st.booleans()):
            changes["name"] = draw(st.sampled_from(rec.aliases))
        else:
            changes["name"] = draw(name_renderings(_person_name(rec)))
    if rec.kana and draw(st.booleans()):
        changes["kana"] = draw(kana_renderings(rec.kana))
    if rec.birth_date and draw(st.booleans()):
        changes["birth_date"] = draw(date_renderings(_parsed_date(rec.birth_date)))
    if rec.address and draw(st.booleans()):
        changes["address"] = draw(address_renderings(_parsed_address(rec.address)))
    if rec.sex in _SEX_NOTATIONS and draw(st.booleans()):
        changes["sex"] = draw(st.sampled_from(_SEX_NOTATIONS[rec.sex]))
    # Business systems rarely keep the register's aliases.
    if bool(rec.aliases) and draw(st.booleans()):
        changes["aliases"] = ()
        if "name" in changes and changes["name"] in rec.aliases:
            changes["aliases"] = rec.aliases
    return attrs.evolve(rec, **changes)


def _expand(kinds: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for kind in kinds:
        out.extend(FAMILY_KINDS if kind == "family" else (kind,))
    unknown = set(out) - set(MISLINKAGE_KINDS)
    if unknown:
        raise UsageError(f"unknown mislinkage kinds {sorted(unknown)}; choose from {MISLINKAGE_KINDS} or 'family'")
    return tuple(dict.fromkeys(out))


def mislinkages(rec: Record, kinds: tuple[str, ...] = MISLINKAGE_KINDS) -> st.SearchStrategy[Record]:
    """The register record that got linked to ``rec``, although it is someone else's.

    ``compare(rec, drawn)`` must never be ``match``.  The kinds:

    - ``spouse``, ``child``, ``parent``, ``twin`` (or ``"family"`` for all four):
      a relative's record — same surname and address, another given name or
      birth date — carrying the linked number, as when a form showed both;
    - ``same_name``: 同姓同名, the same name with another birth date;
    - ``swapped_number``: another person's record carrying the linked number;
    - ``mistyped_valid``: the person's own record, but the number was
      mistyped into another number that still passes the check digit;
    - ``mistyped_invalid``: a mistyped number that fails the check digit.
    """
    chosen = _expand(kinds)
    return st.sampled_from(chosen).flatmap(lambda kind: _mislinkage(rec, kind))


@st.composite
def _mislinkage(draw: st.DrawFn, rec: Record, kind: str) -> Record:
    number = rec.my_number or draw(my_numbers())
    if kind == "mistyped_valid":
        return attrs.evolve(rec, my_number=draw(mistyped_numbers(number, passes_check=True)))
    if kind == "mistyped_invalid":
        return attrs.evolve(rec, my_number=draw(mistyped_numbers(number, passes_check=False)))
    if kind in FAMILY_KINDS:
        if (rec.name or "").isascii():
            # Alphabet names have no reliable surname split: use a Japanese household.
            japanese = draw(records(foreign=False))
            rec = attrs.evolve(rec, name=japanese.name, kana=japanese.kana)
        return attrs.evolve(draw(_relative(rec, kind)), my_number=number)
    # Someone else.  A stranger with the same name *and* birth date is
    # indistinguishable on paper: not a mislinkage any check could see.
    me = (normalize_name(rec.name or ""), rec.birth_date)
    other = draw(records().filter(lambda o: (normalize_name(o.name or ""), o.birth_date) != me))
    other = attrs.evolve(other, my_number=number)
    if kind == "swapped_number":
        return other
    # same_name: the same name (and reading) on another person, born another day.
    born = draw(_born_between(_OLDEST).filter(lambda d: d != rec.birth_date))
    return attrs.evolve(other, name=rec.name, kana=rec.kana, birth_date=born, aliases=())


# --- what the register holds besides the legal name, and its status ---------------------


@st.composite
def register_records(draw: st.DrawFn, rec: Record) -> Record:
    """The register's record of ``rec``'s person, holding a name the register may hold besides the legal name.

    - a Chinese resident: a 併記名, the alphabet name with the kanji name beside it
      (``ZHANG WEI 張 偉``, or ``張 偉（ZHANG WEI）``);
    - a foreign resident with an alphabet name: a 通称 in katakana recorded on the 住民票;
    - a Japanese national: a 旧氏 (former surname) recorded on the 住民票.

    The aliases are the register's own (the right-hand record's in ``compare``):
    a business record written under any of these names matches it
    (:func:`registered_name_renderings`).
    """
    name = rec.name or ""
    alpha = CHINESE_ALPHABET.get(name)
    if alpha is not None:
        heiki = draw(st.sampled_from((f"{alpha} {name}", f"{name}（{alpha}）", f"{name} {alpha}")))
        return attrs.evolve(rec, name=heiki, aliases=())
    if name.isascii():
        return attrs.evolve(rec, aliases=(rec.kana,) if rec.kana else ())
    surname = name.partition(" ")[0]
    old = draw(st.sampled_from([s for s, _ in SURNAMES if normalize_name(s) != normalize_name(surname)]))
    return attrs.evolve(rec, aliases=(old,))


@st.composite
def registered_name_renderings(draw: st.DrawFn, register: Record) -> Record:
    """A business record of ``register``'s person written under one of the names the register holds.

    The legal name, either half of a 併記名, a registered 通称, or a 旧氏 with the
    given name; each written another way as :func:`renderings` writes it.
    ``compare(drawn, register)`` always matches.  A business record under a
    former surname holds no kana: the register keeps the reading of the legal
    name only, which a former surname's reading would contradict.
    """
    legal = register.name or ""
    choices: list[tuple[str, str | None]] = [(legal, register.kana)]
    heiki = split_heiki(legal)
    if heiki is not None:
        choices = [(heiki[0], register.kana), (heiki[1], register.kana)]
    given = legal.partition(" ")[2]
    for alias in register.aliases:
        if " " in alias or alias == register.kana:
            choices.append((alias, register.kana))
        elif given:
            choices.append((f"{alias} {given}", None))  # a bare 旧氏: the former surname with the given name
    name, kana = draw(st.sampled_from(choices))
    person = attrs.evolve(register, name=name, kana=kana, aliases=(), status=None, status_date=None)
    return attrs.evolve(draw(renderings(person)), aliases=())


@st.composite
def surname_changes(draw: st.DrawFn, rec: Record) -> Record:
    """The business record of ``rec``'s person from before a change of surname (marriage, adoption).

    Another surname (another family name first for an alphabet name), the same
    given name, birth date, sex and address; its reading changes with it.  The business system may have typed the new name
    (or the new surname alone) in as an alias of its own: that is business
    data, not the register's.  ``compare(drawn, rec)`` is never ``match`` unless
    the register (``rec``) holds the former surname as its 旧氏.
    """
    name = rec.name or ""
    heiki = split_heiki(name)
    if heiki is not None:
        name = heiki[1]  # the kanji name of a 併記名
    surname, _, given = name.partition(" ")
    kana_given = (rec.kana or " ").partition(" ")[2]
    if name.isascii():
        # An alphabet name: another family name, first as on the residence card.
        pool = [(card.partition(" ")[0], kana.partition(" ")[0]) for card, _, kana in FOREIGN_NAMES]
        given = " ".join(name.split()[1:])
    else:
        pool = list(SURNAMES)
    old, old_kana = draw(st.sampled_from([(s, k) for s, k in pool if normalize_name(s) != normalize_name(surname)]))
    aliases = draw(st.sampled_from(((), (surname,), (f"{surname} {given}",), (rec.name or "",))))
    return attrs.evolve(rec, name=f"{old} {given}", kana=f"{old_kana} {kana_given}" if kana_given else None,
                        aliases=aliases)


#: Register status texts by what they say, as extracts write them (words and the 住民状態コード).
STATUS_TEXTS: dict[Status, tuple[str, ...]] = {
    Status.RESIDENT: ("住民", "1", "現住", "住民;転居", "日本人住民", "外国人住民"),
    Status.DECEASED: ("死亡", "死亡者", "4", "消除者;死亡", "9;死亡"),
    Status.MOVED_OUT: ("転出", "転出者", "3", "国外転出", "消除;転出"),
    Status.REMOVED_EX_OFFICIO: ("職権消除", "職権消除（通知未着）", "消除者;職権消除"),
    Status.REMOVED: ("消除", "消除者", "9", "除票"),
    Status.MOVING_OUT: ("転出予定", "住民;転出"),
    Status.NOT_RESIDENT: ("住登外", "住登外者", "2"),
}


def register_statuses(*statuses: Status) -> st.SearchStrategy[tuple[Status, str]]:
    """``(status, text)``: a register status and a way an extract writes it (all statuses when none given).

    >>> from hypothesis import find
    >>> find(register_statuses(Status.DECEASED), lambda s: True)[0]
    <Status.DECEASED: '死亡'>
    """
    wanted = statuses or tuple(STATUS_TEXTS)
    return st.sampled_from([(status, text) for status in wanted for text in STATUS_TEXTS[status]])
