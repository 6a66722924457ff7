"""The only code that writes the site: everything lands at once, or nothing changes.

Files are collected in memory and written into a hidden temporary folder beside the output
as they are made (``Staging``); once the build has succeeded the folder is swapped in. A
failed or killed build leaves the previous site as it was; the next build removes what a
killed one left behind and restores a site that was caught between the two renames.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from .errors import BuildError, Problem
from .safety import symlinks_under

MARKER = ".mlcareer-site-build"
"""Written into every build, so we never replace a folder that we did not make."""


class SiteFiles(Mapping[str, bytes]):
    """The in-memory site: output path -> bytes, refusing to write one path twice.

    A file can be added ``later``: made on first access, or by ``finish``. ``serve`` uses
    that for the files made from the whole site (the search index, the offline guide), so
    the edited page is served before they are remade.
    """

    def __init__(self, on_add: Callable[[str, bytes], None] | None = None) -> None:
        self.files: dict[str, bytes] = {}
        self.later: dict[str, Callable[[], str | bytes]] = {}
        self.on_add = on_add
        """Called with each file as it is added (``Staging.write_soon``)."""

    def add(self, path: str, content: str | bytes) -> None:
        self._check_new(path)
        self.files[path] = content.encode("utf-8") if isinstance(content, str) else content
        if self.on_add is not None:
            self.on_add(path, self.files[path])

    def add_later(self, path: str, make: Callable[[], str | bytes]) -> None:
        self._check_new(path)
        self.later[path] = make

    def _check_new(self, path: str) -> None:
        if path in self.files or path in self.later:
            raise ValueError(f"two outputs want the same path {path!r}")
        if path.startswith("/") or ".." in path.split("/"):
            raise ValueError(f"output path escapes the site: {path!r}")

    def finish(self) -> None:
        """Make every file added ``later``, in the order they were added."""
        for path in list(self.later):
            self[path]

    def __getitem__(self, path: str) -> bytes:
        if path in self.later:
            content = self.later.pop(path)()
            self.files[path] = content.encode("utf-8") if isinstance(content, str) else content
            if self.on_add is not None:
                self.on_add(path, self.files[path])
        return self.files[path]

    def __contains__(self, path: object) -> bool:
        return path in self.files or path in self.later

    def __iter__(self) -> Iterator[str]:
        return iter([*self.files, *self.later])

    def __len__(self) -> int:
        return len(self.files) + len(self.later)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(out: Path) -> None:
    """Remove temporary folders of builds that died; restore a site lost mid-swap."""
    parent = out.parent
    if not parent.is_dir():
        return
    for kind in ("tmp", "old"):
        for leftover in sorted(parent.glob(f".{out.name}.{kind}-*")):
            pid_text = leftover.name.split("-")[-2] if leftover.name.count("-") >= 2 else ""
            if pid_text.isdigit() and _pid_alive(int(pid_text)) and int(pid_text) != os.getpid():
                continue
            if kind == "old" and not out.exists() and (leftover / MARKER).exists():
                os.replace(leftover, out)
                continue
            shutil.rmtree(leftover, ignore_errors=True)


def check_output_dir(out: Path, project: Path) -> None:
    """Refuse output folders that would delete sources or someone else's files."""
    out_r, project_r = out.resolve(), project.resolve()
    problem = None
    if out_r == project_r or out_r in project_r.parents:
        problem = "the output folder contains the project; choose another --out"
    elif any(
        out_r == project_r / name or (project_r / name) in out_r.parents
        for name in ("content", "data", "templates")
    ):
        problem = "the output folder is inside content/, data/ or templates/"
    elif out.exists() and not out.is_dir():
        problem = "the output path exists and is not a folder"
    elif out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        problem = (
            "the output folder is not empty and was not made by mlcareer-site; "
            "remove it or choose another --out"
        )
    if problem:
        raise BuildError([Problem(str(out), 1, 1, problem)])


AT_FDCWD = -100
RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux ``renameat2``); False where unsupported.

    With it there is no moment at which the output folder is missing, even if the process is
    killed; elsewhere the two-rename fallback is used and the next build repairs that gap.
    """
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


class Staging:
    """A hidden folder beside the output that the build writes into while it goes on.

    Creating a file costs this disk about half a millisecond, so a thousand pages took
    half a second once everything else was done; written by a thread as soon as each page
    is ready, they land while the workers render the rest. A file the previous site holds
    with the same bytes is linked instead of written (``write_or_link``). ``publish``
    writes what is left and swaps the folder in place of the output; ``discard`` (any
    failure) removes it, so the output is never half-written either way.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            clean_leftovers(out)
            prefix = f".{out.name}.tmp-{os.getpid()}-"
            self.tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=out.parent))
        except OSError as exc:
            raise write_error(exc, out) from None
        self.previous = out if (out / MARKER).is_file() and not symlinks_under(out) else None
        """The site this build replaces, whose unchanged files are linked, not written: only
        a site of the build's own files (a symlink put in it could lead a link outside)."""
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="site-writer")
        self.pending: list[Future[None]] = []
        self.written: set[str] = set()

    def write_soon(self, relative: str, content: bytes) -> None:
        """Write one file in the background (a failure is raised by ``publish``)."""
        self.written.add(relative)
        self.pending.append(
            self.writer.submit(write_or_link, self.tmp, relative, content, self.previous)
        )

    def publish(self, site: SiteFiles) -> None:
        """Write the files not written yet, then swap the folder in place of the output."""
        try:
            site.finish()
            site.add(MARKER, "")
            for relative, content in sorted(site.files.items()):
                if relative not in self.written:
                    write_or_link(self.tmp, relative, content, self.previous)
            for done in self.pending:
                done.result()
            self.writer.shutdown()
            self.tmp.chmod(0o755)
            swap_in(self.tmp, self.out)
        except OSError as exc:
            raise write_error(exc, self.out) from None

    def discard(self) -> None:
        self.writer.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_or_link(folder: Path, relative: str, content: bytes, previous: Path | None) -> None:
    """Write one file of the site, or link the previous site's copy when it holds the same
    bytes: after a one-page edit of a 1000-page guide nearly every file is unchanged, and
    writing them all again took 0.2–0.8 s where reading and linking them takes 0.08 s.
    Only a regular file of a previous site without symlinks is linked (never what a
    symlink points at); its folder is removed once the new site is in place, so the two
    never share a file for longer than the build."""
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if previous is not None and same_file_content(previous / relative, content):
        try:
            os.link(previous / relative, target, follow_symlinks=False)
            return
        except OSError:
            pass  # a file system without hard links: write it
    target.write_bytes(content)


def same_file_content(path: Path, content: bytes) -> bool:
    """Whether ``path`` is a regular file holding exactly ``content``."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(content):
            return False
        with open(path, "rb") as file:
            return file.read() == content
    except OSError:
        return False


def write_error(exc: OSError, out: Path) -> BuildError:
    """A disk that refuses the site is a one-line error, like a mistake in the input."""
    where = f": {exc.filename}" if exc.filename else ""
    message = f"cannot write the site: {exc.strerror or exc}{where}"
    return BuildError([Problem(str(out), 1, 1, message)])


def swap_in(tmp: Path, out: Path) -> None:
    """Put the finished folder ``tmp`` where ``out`` is, and remove the previous site."""
    tag = f"{os.getpid()}-"
    if out.exists() and exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the previous site
    elif out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{tag}", dir=out.parent))
        os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)
