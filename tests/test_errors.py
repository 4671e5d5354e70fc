"""The error contract: every error the library raises on purpose is a MynacheckError.

Each test provokes one deliberate error through the public API and checks its
class: the mynacheck root, plus the builtin base callers already catch
(ValueError, KeyError, TypeError, ImportError).
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import errors, mynumber, reasons, strategies
from mynacheck.fields import birthdate, sex
from mynacheck.rules import rulesets
from mynacheck.text import numerals, translit


def raised(call: Callable[[], object]) -> BaseException:
    try:
        call()
    except BaseException as err:  # the test inspects whatever comes out
        return err
    raise AssertionError("no error raised")


def test_every_public_error_class_is_a_mynacheck_error() -> None:
    classes = [getattr(errors, name) for name in errors.__all__]
    assert all(issubclass(cls, mc.MynacheckError) for cls in classes)
    # The top-level names are the same objects, never copies a caller would fail to catch.
    for cls in classes:
        assert getattr(mc, cls.__name__) is cls


@pytest.mark.parametrize(
    ("call", "error", "builtin"),
    [
        (lambda: rulesets.by_name("GUIDELINE_9"), mc.UsageError, ValueError),
        (lambda: mc.compare_field("height", "1", "2"), mc.UsageError, ValueError),
        (lambda: mc.compare({}, {}).explain("fr"), mc.UsageError, ValueError),
        (lambda: reasons.get("NAME_DIFFERENT").message("de"), mc.UsageError, ValueError),
        (lambda: reasons.get("NO_SUCH_CODE"), mc.UnknownReason, KeyError),
        (lambda: rulesets.GUIDELINE_4.replace("no.such.rule", mc.field_rule("sex")), mc.RuleError, ValueError),
        (lambda: rulesets.GUIDELINE_4.add(mc.field_rule("sex", rule_id="x")), mc.RuleError, ValueError),
        (lambda: mc.normalize_name(None), mc.InvalidType, TypeError),  # type: ignore[arg-type]
        (lambda: mc.normalize_kana(b"\xb1"), mc.InvalidType, TypeError),  # type: ignore[arg-type]
        (lambda: translit.set_backend("nonesuch"), mc.UsageError, ValueError),
        (lambda: birthdate.render(mc.BirthDate(1970, 3, 12), "nonsense"), mc.UsageError, ValueError),
        (lambda: birthdate.render(mc.BirthDate(1900, 3, 12), "yy_slash", today=datetime.date(2026, 1, 1)),
         mc.UsageError, ValueError),
        (lambda: mc.BirthDate(1970, 3, 12).to_wareki("nonsense"), mc.UsageError, ValueError),
        (lambda: mc.BirthDate(1970, 3, None).to_date(), mc.UsageError, ValueError),
        (lambda: numerals.kanji_to_int("山"), mc.InvalidValue, ValueError),
        (lambda: mynumber.calc_check_digit("1234"), mc.InvalidLength, ValueError),
        (lambda: mynumber.validate("000000000000"), mc.InvalidImplausible, ValueError),
        (lambda: sex.parse_sex("X"), mc.InvalidSex, ValueError),
        (lambda: strategies.mislinkages(mc.Record(), kinds=("cousin",)), mc.UsageError, ValueError),
    ],
)
def test_each_deliberate_error_has_the_root_and_its_builtin_base(
        call: Callable[[], object], error: type[BaseException], builtin: type[BaseException]) -> None:
    err = raised(call)
    assert isinstance(err, error) and isinstance(err, mc.MynacheckError) and isinstance(err, builtin), repr(err)


def test_errors_moved_into_errors_py_are_the_ones_their_modules_export() -> None:
    assert mynumber.InvalidImplausible is errors.InvalidImplausible
    assert sex.InvalidSex is errors.InvalidSex
    assert reasons.UnknownReason is errors.UnknownReason
    assert mc.rules.RuleError is errors.RuleError


def test_a_value_error_carries_a_catalog_reason() -> None:
    for cls in (errors.InvalidValue, *(getattr(errors, n) for n in errors.__all__)):
        if isinstance(cls, type) and issubclass(cls, errors.InvalidValue):
            assert reasons.get(cls().reason).code == cls.default_reason


@given(st.one_of(st.none(), st.integers(), st.binary(max_size=4), st.lists(st.text(max_size=2), max_size=2)))
def test_normalizers_refuse_what_is_not_text_with_a_typed_error(value: object) -> None:
    for normalize in (mc.normalize_name, mc.normalize_kana):
        err = raised(lambda normalize=normalize: normalize(value))  # type: ignore[misc]
        assert isinstance(err, mc.InvalidType) and err.reason == "RECORD_INVALID"


def test_a_missing_backend_is_a_typed_import_error() -> None:
    # A fresh interpreter where importing unidecode fails, as when the extra is not installed.
    code = ("import sys; sys.modules['unidecode'] = None\n"
            "import mynacheck as mc\n"
            "from mynacheck.text import translit\n"
            "try:\n    translit.set_backend('unidecode')\n"
            "except mc.BackendUnavailable as err:\n"
            "    print(isinstance(err, ImportError), 'mynacheck[unidecode]' in str(err))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]
