"""Files: the atomic writer, CSV/XLSX/GraphML bytes, the manifest, templates, the scan folder.

Edge of the engine: the only package besides the commands that writes to disk. Every file
is written atomically (temp file, then rename; whole folders swapped in at the end).
"""
