"""Synthetic datasets that follow the input contract, for tests and benchmarks at EU scale.

``dataset`` draws the tables and writes them (:func:`~synergy.synth.dataset.generate`),
``actors`` the actors with planted duplicates, ``files`` the multilingual files, ``vocab`` the
words. Writing files is this package's purpose; it reads nothing but its own vocabulary and
the shipped NUTS labels.
"""
