"""scripts/check_translations.py: what it reports for a catalogue, given the code's msgids."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_translations.py"
spec = importlib.util.spec_from_file_location("check_translations", SCRIPT)
check_translations = importlib.util.module_from_spec(spec)
sys.modules["check_translations"] = check_translations
spec.loader.exec_module(check_translations)

HEADER = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
FROM_CODE = HEADER + (
    'msgid "Save"\nmsgstr ""\n\n'
    'msgctxt "verb"\nmsgid "Hide"\nmsgstr ""\n\n'
    'msgid "%(count)s project"\nmsgid_plural "%(count)s projects"\nmsgstr[0] ""\nmsgstr[1] ""\n'
)
COMPLETE = HEADER + (
    'msgid "Save"\nmsgstr "Enregistrer"\n\n'
    'msgctxt "verb"\nmsgid "Hide"\nmsgstr "Masquer"\n\n'
    '#, python-format\nmsgid "%(count)s project"\nmsgid_plural "%(count)s projects"\n'
    'msgstr[0] "%(count)s projet"\nmsgstr[1] "%(count)s projets"\n\n'
    '#~ msgid "Gone"\n#~ msgstr ""\n'
)


def test_a_complete_catalogue_has_no_problem():
    assert check_translations.problems_in("fr", "django", FROM_CODE, COMPLETE) == []


@pytest.mark.parametrize(
    ("catalogue", "expected"),
    [
        (COMPLETE.replace('msgstr "Enregistrer"', 'msgstr ""'), "untranslated: 'Save'"),
        (COMPLETE.replace('msgid "Save"', '#, fuzzy\nmsgid "Save"'), "fuzzy: 'Save'"),
        (COMPLETE.replace('msgstr[1] "%(count)s projets"', 'msgstr[1] ""'), "untranslated"),
        (
            COMPLETE.replace('msgctxt "verb"\n', ""),
            "not in the catalogue (run `make messages`): 'Hide' (context 'verb')",
        ),
    ],
)
def test_each_gap_is_reported(catalogue, expected):
    problems = check_translations.problems_in("fr", "django", FROM_CODE, catalogue)
    assert len(problems) == 1
    assert expected in problems[0]
    assert problems[0].startswith("terreau/locale/fr/LC_MESSAGES/django.po")


def test_a_missing_catalogue_is_reported():
    assert check_translations.problems_in("en", "django", FROM_CODE, None) == [
        "terreau/locale/en/LC_MESSAGES/django.po: missing (run `make messages`)"
    ]


def test_multiline_strings_are_read_whole():
    entries = check_translations.read_catalogue(
        HEADER + 'msgid ""\n"Hello,\\n"\n"world"\nmsgstr ""\n"Bonjour,\\n"\n"le monde"\n'
    )
    assert [(entry.msgid, entry.msgstrs) for entry in entries] == [
        ("Hello,\nworld", ["Bonjour,\nle monde"])
    ]
