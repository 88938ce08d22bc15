"""Every PDF is made here: WeasyPrint with the project's own CJK font, never the system's.

The font (static/fonts/JinpinSans-*.otf, a subset of Noto Sans CJK SC under the OFL, built by
scripts/build_fonts.py) is declared with @font-face from its local file, so a résumé, ticket,
brochure or report made on a machine without any Chinese font still shows every character.
The stylesheet below sets it on the document and on the page's margin boxes (page numbers); a
template names no font, and charts (SVG `<text>` ignores CSS) give FONT_STACK as an attribute.
"""

import atexit
import threading
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FAMILY = "Jinpin Sans"
# Characters outside the subset (a rare surname) fall back to a system CJK font when there is one.
FONT_STACK = f"'{FAMILY}', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif"
FONT_FILES = {"normal": "JinpinSans-Regular.otf", "bold": "JinpinSans-Bold.otf"}

_local = threading.local()


def font_face_css() -> str:
    faces = [
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
        f'src: url("{(FONT_DIR / name).as_uri()}"); }}'
        for weight, name in FONT_FILES.items()
    ]
    margins = " ".join(
        f"@{box} {{ font-family: {FONT_STACK}; }}"
        for box in ("top-center", "bottom-center", "bottom-left", "bottom-right")
    )
    # A user stylesheet: whatever a template says about sizes and colours wins over it.
    return "\n".join([*faces, f"html {{ font-family: {FONT_STACK}; }}", f"@page {{ {margins} }}"])


def _stylesheet():
    """The @font-face rules with their font configuration, loaded once per thread: WeasyPrint
    copies a font file into its configuration on first use and finds it there afterwards."""
    cached = getattr(_local, "stylesheet", None)
    if cached is None:
        # Imported when used: loading weasyprint takes about 1.6 s, which every process would pay.
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        config = FontConfiguration()
        cached = (CSS(string=font_face_css(), font_config=config), config)
        _local.stylesheet = cached
        atexit.register(_forget)
    return cached


def _forget() -> None:
    # Drop the configuration (and its copy of the font) before the interpreter tears down the
    # modules its finaliser needs.
    _local.__dict__.pop("stylesheet", None)


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML document, its text set in the project's font."""
    from weasyprint import HTML  # imported when used, as above

    stylesheet, config = _stylesheet()
    return HTML(string=html).write_pdf(stylesheets=[stylesheet], font_config=config)
