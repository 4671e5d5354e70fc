"""Strategies for My Numbers: valid ones, and the realistic ways they go wrong."""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

from ..mynumber import calc_check_digit

__all__ = ["my_numbers", "mistyped_numbers"]

_DIGITS = "0123456789"


@st.composite
def _valid(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet=_DIGITS, min_size=11, max_size=11).filter(lambda s: len(set(s)) > 1))
    number = body + calc_check_digit(body)
    if len(set(number)) == 1:  # pragma: no cover - the filter above makes this unreachable
        number = "1" + number[1:]
    return number


@st.composite
def _invalid(draw: st.DrawFn) -> str:
    number = draw(_valid())
    wrong = draw(st.sampled_from([d for d in _DIGITS if d != number[-1]]))
    return number[:-1] + wrong


def my_numbers(valid: bool = True) -> st.SearchStrategy[str]:
    """12-digit My Numbers.

    ``valid=True`` gives numbers that pass the check digit (never a
    placeholder such as ``000000000000``); ``valid=False`` gives numbers whose
    check digit is wrong.

    In a test::

        @given(my_numbers())
        def test_accepts_valid_numbers(number):
            assert mynumber.is_valid(number)
    """
    return _valid() if valid else _invalid()


@st.composite
def mistyped_numbers(draw: st.DrawFn, number: str, *, passes_check: bool = True) -> str:
    """``number`` with one of its first eleven digits mistyped.

    With ``passes_check=True`` the check digit is recomputed, as happens when
    a clerk types a wrong digit into a form that already carries a valid
    number of someone else; with ``False`` the original check digit stays,
    so the check digit catches the typo.
    """
    pos = draw(st.integers(0, 10))
    digit = draw(st.sampled_from([d for d in _DIGITS if d != number[pos]]))
    body = number[:pos] + digit + number[pos + 1 : 11]
    if passes_check:
        # The body differs, so the result differs from ``number`` whatever
        # check digit it gets; only a placeholder (all one digit) is avoided.
        candidate = body + calc_check_digit(body)
        assume(len(set(candidate)) > 1)  # only 000000000000 is possible here
        return candidate
    if calc_check_digit(body) == number[11]:
        # This typo happens to pass the check; change the check digit so it fails.
        return body + str((int(number[11]) + 1) % 10)
    return body + number[11]
