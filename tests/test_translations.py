"""The Chinese catalogue is complete and compiled: every English string has its translation."""

import re
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def test_every_string_is_translated_to_chinese():
    po = polib.pofile(str(CATALOGUE))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE))
    mo = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    # Keyed by context too: pgettext("person", "name") and gettext("name") differ.
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}
    stale = [
        e.msgid for e in po.translated_entries() if compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    assert stale == [], "run `make messages` to compile the catalogue"


HAN = r"[\u3400-\u9fff]"
# ASCII punctuation touching a Chinese character ("请登录." "姓名:" "（面议)"), or closing a
# Chinese sentence. Chinese writes ，。：；！？（）.
ASCII_IN_CHINESE = re.compile(
    rf"{HAN}\s?(?:[,:;!?()]|\.(?![A-Za-z0-9]))|[,:;!?(]\s?{HAN}|[)]{HAN}"  # not 或 .csv
)


def chinese_strings():
    for entry in polib.pofile(str(CATALOGUE)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text and re.search(HAN, text):
                yield entry.msgid, text


def test_chinese_translations_use_full_width_punctuation():
    wrong = {
        msgid: text
        for msgid, text in chinese_strings()
        if ASCII_IN_CHINESE.search(text.replace("%(", "").replace(")s", "").replace(")d", ""))
    }
    assert wrong == {}


def test_a_chinese_sentence_does_not_end_with_an_ascii_full_stop():
    wrong = {msgid: text for msgid, text in chinese_strings() if re.search(rf"{HAN}\.$", text)}
    assert wrong == {}


def test_templates_put_no_ascii_colon_after_a_translated_label():
    """`{% translate "Status" %}: …` reads 状态: … in Chinese: use {% colon %} instead."""
    root = CATALOGUE.parent.parent.parent.parent / "templates"
    label_then_colon = re.compile(r'\{% translate "[^"]*" %\}\s?[:(]')
    wrong = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.html")
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if label_then_colon.search(line)
    ]
    assert wrong == []
