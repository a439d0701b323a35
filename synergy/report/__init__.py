"""Pages for people: the scan report (Markdown and HTML), plots, action plan, stress test,
pilot portfolio and workshop agendas.

Pages are lists of blocks (:mod:`~synergy.report.blocks`) rendered by
:mod:`~synergy.report.markdown` and :mod:`~synergy.report.html`; every input string is
escaped on the way out.
"""
