"""The backtest's pages: ``backtest.md`` and ``backtest.html`` from the ``backtest.json`` record.

Per level and candidate kind: the units and positives, a table of every ranker's metrics
with intervals, the model's lift over each baseline, a precision@k curve (model against the
baselines) and a lift plot (average precision lift with its interval, per baseline). Every
string is escaped by the shared Markdown and HTML renderers; the page loads nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from synergy.report.blocks import Block, Contents, Heading, Image, Paragraph, Table
from synergy.report.html import render_html
from synergy.report.markdown import render_markdown
from synergy.report.plots import _new_figure, figure_png

__all__ = ["backtest_blocks", "backtest_images", "backtest_markdown", "backtest_html"]

_METRICS_EXPLAINED = (
    "precision@k: share of the first k ranked pairs that did collaborate; recall@k: share of "
    "all collaborating pairs found in the first k; nDCG@k: like precision@k, but a hit near "
    "the top counts more; AP (average precision): precision averaged over the ranks of all "
    "collaborating pairs; AUC: chance that a collaborating pair is ranked above one that did "
    "not (0.5 is a coin toss). Brackets: 95% bootstrap interval over the pairs. Lift: the "
    "model's metric divided by the baseline's, with its paired interval; an interval that "
    "contains 1 means no measurable difference."
)


def _fmt(iv: Mapping[str, Any] | None) -> str:
    if not iv or iv.get("value") is None:
        return "–"
    low, high = iv.get("low"), iv.get("high")
    if low is None or high is None:
        return f"{iv['value']:.3f}"
    return f"{iv['value']:.3f} [{low:.3f}, {high:.3f}]"


def _title(level: str, kind: str, which: str) -> str:
    weights = " (tuned weights)" if which == "tuned" else ""
    return f"{kind} at the {level} level{weights}"


def _sections(doc: Mapping[str, Any]):
    """Yield (key, level, kind, which, evaluation) in a stable order."""
    for level, kinds in sorted(doc.get("results", {}).items()):
        for kind, evals in sorted(kinds.items()):
            for which in ("given", "tuned"):
                if which in evals:
                    yield f"{level}-{kind}-{which}", level, kind, which, evals[which]


def backtest_blocks(doc: Mapping[str, Any]) -> list[Block]:
    """Return the page's blocks."""
    s = doc["settings"]
    test = doc["splits"]["test"]
    blocks: list[Block] = [
        Heading(1, f"Backtest of {doc['dataset']}"),
        Paragraph(
            f"The scan saw projects starting up to {test['until']} ({test['projects_kept']} "
            f"projects, {test['participations_kept']} participations; {test['projects_after']} "
            f"later and {test['projects_undated']} undated projects left out). Its rankings "
            f"are scored against the pairs that "
            + ("first " if s["target"].startswith("pairs whose first") else "")
            + f"worked together in projects starting {test['window'][0]}-{test['window'][1]}."
        ),
        Paragraph(s["other_tables"], note=True),
        Paragraph(_METRICS_EXPLAINED, note=True),
        Contents(),
    ]
    if "tuned_weights" in doc:
        tw = doc["tuned_weights"]
        rows = tuple(
            (kind, str(v.get("level", "")), _num(v.get("given_ap")), _num(v.get("tuned_ap")))
            for kind, v in sorted(tw["search"].items())
        )
        blocks += [
            Heading(2, "Tuned weights"),
            Paragraph(
                f"Weights searched on the {tw['chosen_on']} (no test year used); the results "
                "below show them on the test split next to the given weights."
            ),
            Table(("kind", "level", "AP given", "AP tuned"), rows, numeric=frozenset({2, 3})),
        ]
    ks = s["ks"]
    for key, level, kind, which, ev in _sections(doc):
        blocks.append(Heading(2, _title(level, kind, which)))
        blocks.append(
            Paragraph(f"{ev['units']} pairs ranked, {ev['positives']} of them collaborated.")
        )
        metrics = [*(f"p@{k}" for k in ks), *(f"r@{k}" for k in ks), *(f"ndcg@{k}" for k in ks)]
        metrics += ["ap", "auc"]
        header = ("ranker", *metrics)
        rows = tuple(
            (name, *(_fmt(m.get(x)) for x in metrics)) for name, m in ev["rankers"].items()
        )
        blocks.append(Table(header, rows, numeric=frozenset(range(1, len(header)))))
        lift_metrics = ["ap", *(f"p@{k}" for k in ks)]
        rows = tuple(
            (name, *(_fmt(m.get(x)) for x in lift_metrics)) for name, m in ev["lift"].items()
        )
        blocks.append(Heading(3, "Lift of the model over each baseline"))
        blocks.append(
            Table(
                ("baseline", *(f"lift {x}" for x in lift_metrics)),
                rows,
                numeric=frozenset(range(1, len(lift_metrics) + 1)),
            )
        )
        blocks.append(
            Image(
                f"{key}-precision",
                f"precision@k curve, {_title(level, kind, which)}",
                "Precision@k of the model and the baselines.",
            )
        )
        blocks.append(
            Image(
                f"{key}-lift",
                f"lift plot, {_title(level, kind, which)}",
                "Lift of the model's average precision over each baseline, with its interval.",
            )
        )
    if not any(True for _ in _sections(doc)):
        blocks.append(Paragraph("No candidate kind ranked any pair: nothing to score."))
    return blocks


def _num(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def backtest_images(doc: Mapping[str, Any]) -> dict[str, bytes]:
    """Return the PNG figures of every section (precision@k curve and lift plot)."""
    images: dict[str, bytes] = {}
    ks = doc["settings"]["ks"]
    for key, _level, _kind, _which, ev in _sections(doc):
        fig = _new_figure(5.5, 3.2)
        ax = fig.add_subplot()
        for name, m in ev["rankers"].items():
            ys = [m.get(f"p@{k}", {}).get("value") for k in ks]
            ys = [float("nan") if y is None else y for y in ys]
            style = {"linewidth": 2.4, "color": "#1f4e79"} if name == "model" else {"alpha": 0.8}
            ax.plot(ks, ys, marker="o", label=name, **style)
        ax.set_xlabel("k (pairs taken from the top)")
        ax.set_ylabel("precision@k")
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=7)
        images[f"{key}-precision"] = figure_png(fig)
        fig = _new_figure(5.5, 3.2)
        ax = fig.add_subplot()
        names = list(ev["lift"])
        vals = [ev["lift"][n]["ap"] for n in names]
        y = [v.get("value") if v.get("value") is not None else float("nan") for v in vals]
        lo = [
            max(0.0, yi - v["low"]) if v.get("low") is not None else 0.0
            for yi, v in zip(y, vals, strict=True)
        ]
        hi = [
            max(0.0, v["high"] - yi) if v.get("high") is not None else 0.0
            for yi, v in zip(y, vals, strict=True)
        ]
        ax.errorbar(range(len(names)), y, yerr=[lo, hi], fmt="o", color="#1f4e79", capsize=4)
        ax.axhline(1.0, color="#a33", linestyle="--", linewidth=1)
        ax.set_xticks(range(len(names)), labels=names, rotation=20, ha="right")
        ax.set_ylabel("lift of average precision")
        images[f"{key}-lift"] = figure_png(fig)
    return images


def backtest_markdown(doc: Mapping[str, Any]) -> str:
    """Return ``backtest.md`` (figures are in the HTML page only)."""
    return render_markdown([b for b in backtest_blocks(doc) if not isinstance(b, Image)])


def backtest_html(doc: Mapping[str, Any], images: dict[str, bytes] | None = None) -> str:
    """Return ``backtest.html``: one self-contained page (no scripts, CSP as the report's)."""
    images = backtest_images(doc) if images is None else images
    return render_html(backtest_blocks(doc), images, title=f"Backtest: {doc['dataset']}")
