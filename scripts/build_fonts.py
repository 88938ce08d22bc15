"""Build the CJK font every PDF embeds: a subset of Noto Sans CJK SC named "Jinpin Sans".

The product ships the result under static/fonts/ (with its licence, OFL 1.1), so no PDF depends on
the fonts of the machine it is made on. Run this again when the product's text gains characters
the font lacks (tests/core/test_pdf_fonts.py says which):

    .venv/bin/python scripts/build_fonts.py [--source-dir /usr/share/fonts/opentype/noto]

The source is Noto Sans CJK (Debian's fonts-noto-cjk: NotoSansCJK-Regular.ttc and -Bold.ttc, the
Simplified Chinese face of each collection). The subset holds the 3,755 characters of GB 2312
level 1, every character the project's own files use (templates, messages, demo data, region and
university lists), ASCII, Latin-1 and the punctuation Chinese text uses. The family is renamed:
a subset is a Modified Version under the OFL, and its name must not pass for the original.
"""

import argparse
import subprocess
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "fonts"
FAMILY = "Jinpin Sans"
STYLES = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
SC_FACE = "Noto Sans CJK SC"
TEXT_SUFFIXES = {".py", ".html", ".po", ".txt", ".csv", ".json", ".md", ".js"}


def gb2312_level1() -> set[str]:
    """The 3,755 most common characters (GB 2312 rows 16–55), in pinyin order there."""
    chars = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def project_characters() -> set[str]:
    """Every non-ASCII character of the files git tracks, but vendored assets."""
    listed = subprocess.run(
        ["git", "ls-files"],  # noqa: S607
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    chars = set()
    for name in listed:
        path = ROOT / name
        if path.suffix not in TEXT_SUFFIXES or "vendor" in path.parts or not path.is_file():
            continue
        chars.update(c for c in path.read_text("utf-8", errors="ignore") if ord(c) > 0x7F)
    return chars


def character_set() -> str:
    chars = gb2312_level1() | project_characters()
    chars |= {chr(c) for c in range(0x20, 0x7F)}  # ASCII
    chars |= {chr(c) for c in range(0xA0, 0x100)}  # Latin-1
    chars |= {chr(c) for c in range(0x2010, 0x2027)}  # dashes, quotes, ellipsis
    chars |= {chr(c) for c in range(0x3000, 0x3020)}  # CJK punctuation: 、。〈〉《》「」【】
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms: ，：；！？（）
    chars |= set("¥￥×÷°±№℃→←↑↓●○■□▲△★☆✓✔✗")
    return "".join(sorted(c for c in chars if c.isprintable() or c == "\u3000"))


def sc_face(collection: Path):
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(1) == SC_FACE:
            return font
    raise SystemExit(f"{collection} has no {SC_FACE} face")


def rename(font, style: str) -> None:
    postscript = f"{FAMILY.replace(' ', '')}-{style}"
    names = {
        1: FAMILY,
        2: style,
        3: f"{postscript};subset of Noto Sans CJK SC",
        4: f"{FAMILY} {style}",
        6: postscript,
        16: FAMILY,
        17: style,
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names or record.nameID in (18, 21, 22):
            table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)
    table.setName(
        "A subset of Noto Sans CJK SC (SIL Open Font License 1.1) for the PDFs of 晋聘 Jinpin.",
        10,
        3,
        1,
        0x409,
    )
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FullName = f"{FAMILY} {style}"
        top.FamilyName = FAMILY


def build(source_dir: Path) -> None:
    text = character_set()
    OUT.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    for style, filename in STYLES.items():
        font = sc_face(source_dir / filename)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        rename(font, style)
        target = OUT / f"{FAMILY.replace(' ', '')}-{style}.otf"
        font.save(str(target))
        size = target.stat().st_size
        print(f"{target.relative_to(ROOT)}: {len(text)} characters, {size:,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source-dir",
        type=Path,
        default=Path("/usr/share/fonts/opentype/noto"),
        help="the folder of NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc",
    )
    args = parser.parse_args()
    missing = [name for name in STYLES.values() if not (args.source_dir / name).exists()]
    if missing:
        sys.exit(f"missing in {args.source_dir}: {', '.join(missing)} (Debian: fonts-noto-cjk)")
    build(args.source_dir)


if __name__ == "__main__":
    main()
