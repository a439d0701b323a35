"""The interactive ``graph.html`` explorer: one self-contained file that opens offline.

The page is our own template around vis-network 9.1.2 (the copy pyvis ships), with the graph
data embedded as JSON in a ``<script type="application/json">`` element. We do not use pyvis's
own template: it links bootstrap from a CDN, drops node colours when ``group`` is set and fills
its link popup with ``innerHTML``. Here every string from the input travels inside escaped JSON
and reaches the page only through ``textContent`` (panels) or vis-network's tooltip, which
sets ``innerText``; labels are drawn on the canvas.

The same graph gives byte-identical HTML: nodes and edges are sorted, JSON keys are sorted,
the layout seed is fixed and nothing time- or random-dependent is written.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from synergy.core.errors import OutputError
from synergy.explorer.payload import (
    DEFAULT_MAX_NODES,
    DEFAULT_OPEN_NODES,
    DEFAULT_TOP,
    explorer_payload,
)

__all__ = ["json_for_script", "render_graph_html"]

_VIS_JS = ("pyvis", "templates/lib/vis-9.1.2/vis-network.min.js")


def json_for_script(data: Any) -> str:
    """Return compact, key-sorted JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``/``\\u003e``/``\\u0026`` so that no input can
    close the element (``</script>``) or open a comment; U+2028/2029 are escaped too.

    >>> json_for_script({"name": "</script>"})
    '{"name":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _asset(name: str) -> str:
    return resources.files("synergy.explorer").joinpath("assets", name).read_text(encoding="utf-8")


def _vis_js() -> str:
    package, path = _VIS_JS
    # find_spec locates pyvis without importing it (importing pulls in IPython: ~1 s).
    spec = importlib.util.find_spec(package)
    try:
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError(package)
        text = Path(list(spec.submodule_search_locations)[0], path).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise OutputError(
            "graph.html needs vis-network 9.1.2 from the pyvis package; "
            "install it with `pip install 'pyvis>=0.3.2'`."
        ) from exc
    # Dev tools would fetch the map from the network; the page must make no requests.
    return re.sub(r"//# sourceMappingURL=\S*\s*$", "", text)


def render_graph_html(
    graph: nx.MultiDiGraph,
    pairings: Any = None,
    *,
    title: str = "synergy graph",
    top: int = DEFAULT_TOP,
    max_nodes: int = DEFAULT_MAX_NODES,
    focus: tuple[str, Any] | None = None,
    open_nodes: int = DEFAULT_OPEN_NODES,
) -> str:
    """Return the explorer page for ``graph`` as one self-contained HTML string.

    Parameters
    ----------
    graph
        The property graph from :func:`synergy.graph.build.build_graph`.
    pairings
        The scan's candidates (DataFrame or mappings with ``rank``, ``kind``, ``score``,
        ``evidence`` and ``involves``); the ``top`` best are highlighted and listed.
    title
        Page title and heading (plain text).
    top
        How many candidates to highlight and list.
    max_nodes
        Above this many nodes, actors fold into their clusters (then priorities, programmes
        and clusters into their regions) and the page says so.
    focus
        ``("region", id)``, ``("chain", id)`` or ``("candidate", rank)`` for a focused view
        (the rank in ``pairings.csv``, or ``"kind:n"`` for the n-th best of a kind).
    open_nodes
        Above this many nodes the page opens folded at regions, clusters, domains and value
        chains; actors, priorities, programmes and stages are shown on demand.

    Raises
    ------
    InputError
        When ``focus`` names an unknown region, chain or rank (with the closest valid one).
    """
    payload = explorer_payload(
        graph,
        pairings,
        title=title,
        top=top,
        max_nodes=max_nodes,
        focus=focus,
        open_nodes=open_nodes,
    )
    parts = {
        "TITLE": html.escape(payload["title"]),
        "STYLE": _asset("explorer.css"),
        "VIS_JS": _vis_js(),
        "EXPLORER_JS": _asset("explorer.js"),
        "DATA": json_for_script(payload),
    }
    # One pass, so text substituted for one slot is never scanned for another slot.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _asset("template.html"))
