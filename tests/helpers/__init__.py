"""Helpers shared by several test modules (tests never import each other).

``browser`` opens pages in headless Chromium, ``graphs`` builds the explorer's test graphs,
``neo4j`` connects to the test server and builds its tiny graph, ``matrices`` draws
regions x domains matrices.
"""
