"""Atomic writing: a file or a whole output folder appears complete, or not at all.

Every writer builds its bytes (or streams them) into a temporary file next to the target
and renames it into place; :func:`atomic_output_dir` builds a whole folder next to its
destination and swaps it in at the end, so a failed run never leaves a half-written output.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from synergy.core.contract import MANIFEST
from synergy.core.errors import OutputError

__all__ = ["atomic_output_dir", "atomic_write", "atomic_write_with"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output_dir(out_dir: Path | str) -> Iterator[Path]:
    """Yield a temporary folder that replaces ``out_dir`` when the block succeeds.

    The temporary folder is created next to ``out_dir`` (same filesystem, so the final
    rename is atomic) and hidden (its name starts with ``.``, so ingest ignores it if the
    output lives inside a dataset). On an exception it is removed and an existing
    ``out_dir`` is left exactly as it was.

    Raises
    ------
    OutputError
        If ``out_dir`` is a file or symlink, or a non-empty folder without ``manifest.json``
        (not a previous synergy output: we never delete a user's unrelated folder).
    """
    out_dir = Path(out_dir)
    _check_replaceable(out_dir)
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=parent))
    except OSError as exc:
        raise OutputError(
            f"Cannot create a folder next to '{out_dir}': {exc}. "
            "Fix: choose an output folder in a writable location.",
            option="out",
        ) from exc
    try:
        yield tmp
        # mkdtemp makes 0700 folders; the result should look like any folder the user makes.
        os.chmod(tmp, 0o777 & ~_umask())
        _swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _check_replaceable(out_dir: Path) -> None:
    if out_dir.is_symlink():
        raise OutputError(
            f"Output folder '{out_dir}' is a symbolic link. "
            "Fix: pass the real folder it points to, or a new folder name.",
            option="out",
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(
            f"Output path '{out_dir}' is an existing file, not a folder. "
            "Fix: choose another output folder or move the file away.",
            option="out",
        )
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MANIFEST).is_file():
        raise OutputError(
            f"Output folder '{out_dir}' is not empty and holds no {MANIFEST}, so it does not "
            "look like a previous synergy output; refusing to replace it. "
            "Fix: choose a new or empty output folder.",
            option="out",
        )


def _swap_in(tmp: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.rename(tmp, out_dir)
        return
    # Park the old folder inside a fresh hidden holder so its name can never clash.
    holder = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    parked = holder / "old"
    os.rename(out_dir, parked)
    try:
        os.rename(tmp, out_dir)
    except OSError as exc:
        os.rename(parked, out_dir)
        holder.rmdir()
        raise OutputError(
            f"Cannot move the new outputs into '{out_dir}': {exc}. The previous outputs "
            "were kept. Fix: check the folder's permissions and run again."
        ) from exc
    shutil.rmtree(holder, ignore_errors=True)


def atomic_write(path: Path | str, data: bytes | str) -> None:
    """Write ``data`` (str is encoded as UTF-8) to ``path`` via a temp file and a rename."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    atomic_write_with(path, lambda fh: fh.write(payload))


def atomic_write_with(path: Path | str, write: Callable[[IO[bytes]], object]) -> None:
    """Call ``write`` with a binary file that replaces ``path`` only if it returns normally.

    Large outputs (GraphML, XLSX) stream into the file instead of being built in memory.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"Cannot write '{path}': {exc}. Fix: check the folder.") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
