"""``graph.html``: the offline, interactive graph explorer (whole, folded at scale, or focused).

``payload`` builds the data, ``scale`` folds large graphs, ``prep`` cuts focused views and
derives memberships, ``page`` renders the self-contained HTML around the ``assets``.
"""
