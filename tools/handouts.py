"""HTML handouts of executed notebooks that work offline: charts interactive, math typeset,
and a site (index.html) that links them, ready to copy to a USB stick or a web server.

A kit chart is stored in a notebook as plotly JSON plus a PNG picture (see the kit's Charts).
nbconvert knows neither plotly's MIME type nor how to draw it, so before exporting, each chart
output gets an HTML form too: its picture, which a script replaces by the interactive chart drawn
with the plotly.js that bin/setup vendored from npm. The library is embedded once per handout, so
a single handout file works on its own, copied anywhere (its math then shows as TeX source).
Math is typeset by MathJax 3, vendored from npm by bin/setup and copied next to the handouts.
Figures that markdown cells show from notebooks/ (e.g. figures/*.svg) are embedded as data: URIs,
because the handouts are written to another folder, where those relative paths lead nowhere.
"""
from __future__ import annotations

import base64
import copy
import html
import json
import mimetypes
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"   # relative image paths in markdown are relative to it, as in JupyterLab
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS = ROOT / "build" / "vendor" / "plotly" / "plotly.min.js"
MATHJAX = ROOT / "build" / "vendor" / "mathjax"
MATHJAX_URL = "mathjax/tex-chtml-full.js"   # relative: the site folder holds mathjax/
# MathJax 3 reads its settings from window.MathJax before it loads; nbconvert's own block is for
# MathJax 2 (a script type browsers ignore) and stays harmless.
MATHJAX_CONFIG = ("<script>window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], "
                  "displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']], processEscapes: true}};</script>\n")


def _library_script() -> str:
    js = PLOTLY_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")
    # Hide a RequireJS `define`, if a page has one, so plotly.js sets window.Plotly.
    return ("<script>/* plotly.js (MIT licence), vendored by bin/setup */\n(function () {\n"
            "var savedDefine = window.define; window.define = undefined;\n"
            f"try {{\n{js}\n}} finally {{ window.define = savedDefine; }}\n}})();</script>\n")


def _chart_html(figure: dict, png: str | None, title: str, index: int) -> str:
    div = f"resnet-handout-chart-{index}"
    picture = (f'<img alt="{html.escape(title)}" src="data:image/png;base64,{png}" style="max-width:100%">'
               if png else html.escape(title))
    data = json.dumps(figure).replace("</", "<\\/")
    return (f'<div id="{div}" class="resnet-kit-chart" data-chart-state="picture">{picture}</div>\n'
            "<script>(function () {\n"
            f"  var el = document.getElementById('{div}'), fig = {data};\n"
            "  if (!window.Plotly) { return; }\n"
            "  el.textContent = '';\n"
            "  window.Plotly.newPlot(el, fig.data, fig.layout, fig.config).then(function () {\n"
            "    el.setAttribute('data-chart-state', 'drawn');\n"
            "  });\n"
            "})();</script>\n")


def with_interactive_charts(nb):
    """A copy of the notebook whose chart outputs also carry HTML that draws them; the first
    carries plotly.js. Without the vendored library (bin/setup not run) the pictures stay."""
    nb = copy.deepcopy(nb)
    if not PLOTLY_JS.exists():
        return nb
    index = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PLOTLY_MIME not in data:
                continue
            fragment = _chart_html(data[PLOTLY_MIME], data.get("image/png"), data.get("text/plain", "chart"), index)
            data["text/html"] = (_library_script() if index == 0 else "") + fragment
            index += 1
    return nb


# The target of an image in markdown, ![alt](target "title"), or in an <img src="target"> tag.
_MARKDOWN_IMAGE = re.compile(r"(!\[[^\]]*\]\(\s*<?)([^)\s>]+)")
_HTML_IMAGE = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*["'])([^"']+)""", re.IGNORECASE)
# Left as they are: they work from any folder (attachments are embedded by nbconvert itself).
_NOT_LOCAL = ("http://", "https://", "data:", "attachment:")


def _data_uri(src: str, base: Path, cell: int) -> str:
    if src.lower().startswith(_NOT_LOCAL):
        return src
    path = base / unquote(src)
    if not path.is_file():
        # Fail here rather than ship a handout with a broken picture.
        raise FileNotFoundError(f"markdown cell {cell} shows the image {src!r}, but {path} does not exist")
    mime = mimetypes.guess_type(path.name)[0]
    if mime is None or not mime.startswith("image/"):
        raise ValueError(f"markdown cell {cell} shows {src!r}, which is not an image file type")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def with_embedded_images(nb, base: Path = NOTEBOOKS):
    """A copy of the notebook whose markdown cells show local images (relative to `base`) from
    data: URIs, so that the handout needs no file beside it. A missing image raises."""
    nb = copy.deepcopy(nb)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue

        def embed(match, index=index):
            return match.group(1) + _data_uri(match.group(2), base, index)

        cell.source = _HTML_IMAGE.sub(embed, _MARKDOWN_IMAGE.sub(embed, cell.source))
    return nb


def export_html(nb) -> str:
    """The handout of an executed notebook, as one HTML file."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    # The handout must not need a CDN: charts draw with the embedded plotly.js, not RequireJS;
    # math with the MathJax copied next to it.
    exporter.require_js_url = ""
    exporter.mathjax_url = MATHJAX_URL
    body, _ = exporter.from_notebook_node(with_interactive_charts(with_embedded_images(nb)))
    body = body.replace('<script src=""></script>', "").replace('<script src=""> </script>', "")
    return body.replace(f'<script src="{MATHJAX_URL}">', MATHJAX_CONFIG + f'<script src="{MATHJAX_URL}">', 1)


def write_site(out_dir: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """index.html linking every handout, with the run's summary, and MathJax beside it.

    `rows`: (handout file name, status, minutes, key figure) per notebook."""
    if MATHJAX.exists():
        shutil.copytree(MATHJAX, out_dir / "mathjax", dirs_exist_ok=True)
    body = "".join(
        f"<tr><td><a href=\"{html.escape(name)}\">{html.escape(Path(name).stem)}</a></td>"
        f"<td>{html.escape(status)}</td><td>{html.escape(minutes)}</td><td>{html.escape(figure)}</td></tr>\n"
        for name, status, minutes, figure in rows)
    note = "" if MATHJAX.exists() else ("<p>MathJax is missing (run bin/setup): the handouts show math as TeX "
                                        "source.</p>")
    index = out_dir / "index.html"
    index.write_text(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n"
        "<title>Residual networks in Java: handouts</title>\n"
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}</style>\n"
        "</head>\n<body>\n<h1>Residual networks in Java: handouts</h1>\n"
        "<p>Each handout is a notebook of the series as it ran, with its outputs. This folder works "
        "offline: charts and math draw with no network. Copy the whole folder (the handouts need "
        "<code>mathjax/</code> beside them).</p>\n" + note +
        "<table>\n<tr><th>notebook</th><th>status</th><th>minutes</th><th>key figure</th></tr>\n"
        + body + "</table>\n</body>\n</html>\n", encoding="utf-8")
    return index
