"""The kit's charts as a notebook stores them: one output per chart, with the plotly figure as
JSON (data, layout), a PNG picture and a line of text. Tests read the figures from here."""
from __future__ import annotations

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def charts(nb) -> list[dict]:
    """Every chart's plotly figure in the notebook, in order."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            figure = out.get("data", {}).get(PLOTLY_MIME)
            if figure is not None:
                found.append(figure)
    return found


def log_y(figure: dict) -> bool:
    return figure.get("layout", {}).get("yaxis", {}).get("type") == "log"


def trace_names(figure: dict) -> list[str]:
    return [t.get("name", "") for t in figure.get("data", [])]


def axis_titles(figure: dict) -> list[str]:
    layout = figure.get("layout", {})
    return [layout.get(a, {}).get("title", {}).get("text", "") for a in ("xaxis", "yaxis")]
