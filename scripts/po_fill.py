"""Fill Chinese translations into locale/zh_Hans from a file of `English<TAB>中文` lines.

Usage: python scripts/po_fill.py FILE.tsv   (then `make messages` compiles the catalogue)
Only entries present in the catalogue are filled; an unknown msgid is reported, not added.
Run `make messages` first so the catalogue holds the new strings.
"""

import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def main(path: str) -> int:
    pairs = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, chinese = line.split("\t", 1)
        pairs[english.replace("\\n", "\n")] = chinese.replace("\\n", "\n")
    po = polib.pofile(str(CATALOGUE))
    known = {entry.msgid: entry for entry in po}
    unknown = [msgid for msgid in pairs if msgid not in known]
    for msgid, msgstr in pairs.items():
        entry = known.get(msgid)
        if entry is not None:
            if entry.msgid_plural:  # Chinese has one plural form
                entry.msgstr_plural = {0: msgstr}
            else:
                entry.msgstr = msgstr
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()
    po.save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    for msgid in unknown:
        print(f"not in the catalogue: {msgid!r}")
    missing = [entry.msgid for entry in po.untranslated_entries()]
    print(f"filled {len(pairs) - len(unknown)}; still untranslated: {len(missing)}")
    for msgid in missing:
        print(f"  untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
