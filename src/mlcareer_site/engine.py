"""One incremental engine: named steps over recorded inputs, reused while the inputs hold.

Every stage of a build is a ``Step``: a function of one argument that sees the project only
through ``Reads``, which records each input it reads — a file (by the digest of its bytes),
a folder's listing, an option, or another step's result — with the digest it had. A step's
result is reused while every recorded input still has that digest; when a step runs again
and gives a result with the same digest as before, the steps that read it are not disturbed
("backdating"). Nothing is keyed by hand, so nothing can be forgotten in a key.

This is the design that Salsa, Shake ("Build systems à la carte": verifying traces), Lektor
and Zola share. The ``Store`` is an object the command owns: ``build`` keeps it on disk (as
JSON: data, never code; the compiled templates beside it are Jinja's own bytecode cache,
which is code, so the cache folder is as trusted as the project), ``serve`` keeps it in
memory for one session; two builds share nothing unless handed the same store. A
``Revision`` is one build over a store: it verifies each trace at most once, and ``commit``
keeps what the build reached and forgets the rest.

A trace outlives its value: a step whose value is not kept on disk (``keep=False``) is still
verified by its recorded inputs, and only run again when one of them changed or when a step
that runs needs its value. Worker processes get the results they need as plain data and
hand back the traces they recorded (``Revision.seed`` and ``Revision.made``), so a step
runs the same wherever it runs.
"""

from __future__ import annotations

import ast
import hashlib
import heapq
import json
import math
import os
import pickle
import stat
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import orjson

Arg = TypeVar("Arg")
Value = TypeVar("Value")

Dep = tuple[str, Any, str]
"""(kind or step name, argument, digest): one recorded input of a step."""
FILE, LISTING, TREE, OPTION = "file", "listing", "tree", "option"
LEAVES = frozenset({FILE, LISTING, TREE, OPTION})
"""The kinds of input that are not steps: a file's bytes, a folder's names, an option."""
UNLOADED = object()
"""The saved value of an entry whose values file was not read yet."""
MISSING = "missing"
"""The digest of a file or folder that does not exist (creating it changes the digest)."""
DISPUTED = "disputed"
"""The recorded digest of an input that its readers recorded with different digests (one
ran again in a build that then failed, the others did not): never current, so every reader
is checked against its own record until they agree again."""
RACY_NS = 2_000_000_000
"""A file changed less than this long before it was read could change again within the
same timestamp tick: its digest is not trusted by its stat signature next time."""


def digest_of(value: Any) -> str:
    """A digest of a step's result: equal results give equal digests, so a dependent step
    is not run again when a step it reads gave the same result (backdating)."""
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
    elif isinstance(value, bytes):
        data = value
    elif isinstance(value, set | frozenset):  # pickled in hash order, which each process seeds
        data = pickle.dumps(sorted(value, key=repr), protocol=5)
    else:
        data = pickle.dumps(value, protocol=5)
    return hashlib.blake2b(data, digest_size=12).hexdigest()


STEPS: dict[str, Step[Any, Any]] = {}
"""Every step by name, as the modules that define them declare them (definitions, not state):
a trace loaded from disk names the steps it read, and is verified through them."""


def _identity(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Step(Generic[Arg, Value]):
    """A named, versioned function of (reads, argument).

    ``keep`` steps have their value saved with the on-disk store, through ``encode`` and
    ``decode`` (to and from JSON-able data); the others keep only their trace on disk.
    """

    name: str
    run: Callable[[Reads, Arg], Value]
    version: int = 1
    keep: bool = False
    encode: Callable[[Value], Any] = field(default=_identity)
    decode: Callable[[Any], Value] = field(default=_identity)
    by_content: bool = False
    """The argument is the whole input (a page's Markdown): results are kept by its digest,
    and it reads nothing else."""
    inline: bool = False
    """A small kept value saved with the traces (read even when no value is needed)."""
    backdate: bool = True
    """False for a large result that changes whenever its inputs do: its digest is made
    from its inputs' digests instead of hashing the result."""

    def __post_init__(self) -> None:
        if STEPS.setdefault(self.name, self) is not self:
            raise ValueError(f"two steps are named {self.name!r}")

    def key(self, arg: Any) -> str:
        return step_key(self.name, self.recorded_arg(arg))

    def recorded_arg(self, arg: Any) -> Any:
        return "#" + digest_of(arg) if self.by_content else arg


@dataclass
class Entry:
    """What the store knows of one step run: its inputs, its result's digest and value."""

    version: int
    deps: list[Dep]
    digest: str
    value: Any = None
    has_value: bool = False
    saved: Any = None
    """The value as the store saved it (decoded only when asked for)."""
    _keys: list[str] | None = field(default=None, repr=False, compare=False)

    def dep_keys(self) -> list[str]:
        """The key of each recorded input, made once: verifying a trace is then one lookup
        per input (a one-page edit at 1000 pages re-verifies about 37 000 of them)."""
        if self._keys is None:
            self._keys = [step_key(name, arg) for name, arg, _ in self.deps]
        return self._keys


def step_key(name: str, arg: Any) -> str:
    return f"{name}\0{arg!r}"


def frozen_arg(arg: Any) -> Any:
    """An argument as it was recorded (JSON turns tuples into lists)."""
    return tuple(frozen_arg(item) for item in arg) if isinstance(arg, list) else arg


class Store:
    """Step results and file digests; on disk for ``build``, in memory for ``serve``."""

    def __init__(self, path: Path | None = None, generator: str = "") -> None:
        self.path = path
        """Where the store is saved (None: it is not: ``serve``, ``check``)."""
        self.read_from = path
        """Where it was read from (the traces and values not read yet are there)."""
        self.generator = generator
        self._entries: dict[str, Entry] = {}
        self._traces: list[Any] | None = None
        """Saved traces not read yet (read on first use: a build with nothing to do, whose
        inputs are all unchanged, reads only the small head of the store)."""
        self.stats: dict[str, tuple[tuple[int, int, int, int], str]] = {}
        """A file's stat signature and the digest of its bytes when it had it."""
        self.inputs: dict[tuple[str, Any], str] = {}
        """Every file, folder and option the saved traces read, with its digest then: when
        none of them changed, every saved trace holds (a build with nothing to do)."""
        self.token = ""
        """Ties the saved values to the saved traces they were written with."""
        self.local: Any = None
        """Objects of this process that the steps use (the template environment): made from
        nothing when missing, and checked against the inputs in every revision."""
        self.unsettled: set[str] = set()
        """Entries recorded by builds that were not committed (they failed part-way): the
        next build checks who read them, as the failed one may not have got that far."""
        self._readers: dict[str, set[str]] | None = None
        self._heights: dict[str, int] = {}
        self._orphans: set[str] = set()

    @classmethod
    def in_memory(cls) -> Store:
        return cls()

    @property
    def entries(self) -> dict[str, Entry]:
        if self._traces is not None:
            self._read_traces()
        return self._entries

    @entries.setter
    def entries(self, entries: dict[str, Entry]) -> None:
        if self._traces is not None:
            self._read_traces()
        self._entries = entries

    def peek(self, key: str) -> Entry | None:
        """An entry if it is at hand, without reading the saved traces (the small entries
        saved with the head, such as what the last build published)."""
        return self._entries.get(key)

    def _read_traces(self) -> None:
        self._traces = None
        try:
            saved = json.loads(self.traces_path().read_bytes())
            if saved.get("token") != self.token:
                raise ValueError("traces of another save")
            self._entries.update(decode_entries(saved["entries"]))
        except (OSError, ValueError, KeyError, TypeError):
            self._entries = {}  # the head without its traces holds nothing
            self.inputs = {}

    @classmethod
    def on_disk(cls, path: Path, generator: str) -> Store:
        """The store saved at ``path``; anything unreadable or from another generator (another
        version of this package, an edited module, another library release) is ignored.

        Traces and kept values are two files: a build with nothing to do reads only the
        traces; the values (pages' HTML, converted Markdown) are read when first needed.
        """
        store = cls(path, generator)
        try:
            saved = json.loads(path.read_bytes())
            if saved.get("generator") != generator:
                return store
            store.stats = {name: (tuple(sig), digest) for name, (sig, digest) in saved["stats"]}
            store.inputs = {
                (kind, frozen_arg(arg)): digest for kind, arg, digest in saved["inputs"]
            }
            store.token = saved["token"]
            store._entries = decode_entries(saved["entries"])  # the small, inline ones
            store._traces = []
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path, generator)
        return store

    def traces_path(self, base: Path | None = None) -> Path:
        base = base or self.read_from
        assert base is not None
        return base.with_name(base.stem + "-traces.json")

    def values_path(self, base: Path | None = None) -> Path:
        base = base or self.read_from
        assert base is not None
        return base.with_name(base.stem + "-values.json")

    def load_values(self) -> None:
        """Read the kept values saved with the traces; entries whose value cannot be read
        lose it (and are made again when needed)."""
        values: dict[str, Any] = {}
        try:
            saved = json.loads(self.values_path().read_bytes())
            if saved.get("token") == self.token:
                values = saved["values"]
        except (OSError, ValueError, KeyError, TypeError, AssertionError):
            pass
        for key, entry in self.entries.items():
            if entry.saved is UNLOADED:
                if key in values:
                    entry.saved = values[key]
                else:
                    entry.saved, entry.has_value = None, False

    def record(self, key: str, entry: Entry) -> None:
        """File a step's entry, keeping the index of who reads what (when it is made)."""
        replaced = self.entries.get(key)
        self.entries[key] = entry
        self.unsettled.add(key)
        if replaced is not None:  # what it no longer reads no longer lists it as a reader
            self._unlink(key, replaced, keep=set(entry.dep_keys()))
        for name, arg, digest in entry.deps:
            if name in LEAVES:
                _agree(self.inputs, (name, arg), digest)
        if self._readers is not None:
            for dep in entry.dep_keys():
                self._readers.setdefault(dep, set()).add(key)
            if self._orphans_in({key: entry}):
                self._orphans.add(key)
            else:
                self._orphans.discard(key)
            self._raise_height(key, entry)

    def readers(self) -> tuple[dict[str, set[str]], dict[str, int]]:
        """Who reads each input and step (key -> the keys of the entries that recorded it),
        and each entry's height: above every input it read, so going up by height visits
        an entry only after everything below it."""
        if self._readers is None:
            readers: dict[str, set[str]] = {}
            for key, entry in self.entries.items():
                for dep in entry.dep_keys():
                    readers.setdefault(dep, set()).add(key)
            self._readers, self._heights = readers, {}
            self._orphans = self._orphans_in(self.entries)
            for key in self.entries:
                self._height_of(key)
        return self._readers, self._heights

    def orphans(self) -> set[str]:
        """Entries that read a step the store has no entry for: a worker made it and kept
        it (the navigation a page shows). What it depends on is unknown, so settling always
        verifies them (running the missing step, which is cheap)."""
        self.readers()
        return self._orphans

    def adopted(self, key: str) -> None:
        """``key`` was verified: once every step it read has an entry here, it is no orphan."""
        if key in self._orphans and not self._orphans_in({key: self._entries[key]}):
            self._orphans.discard(key)

    def _orphans_in(self, entries: dict[str, Entry]) -> set[str]:
        known = self._entries
        return {
            key
            for key, entry in entries.items()
            if any(
                name not in LEAVES and dep not in known
                for (name, _, _), dep in zip(entry.deps, entry.dep_keys(), strict=True)
            )
        }

    def _height_of(self, key: str) -> int:
        heights, entries = self._heights, self._entries
        stack, seen = [key], set()
        while stack:
            top = stack[-1]
            entry = entries.get(top)
            if top in heights or entry is None:
                heights.setdefault(top, 0)
                stack.pop()
                continue
            seen.add(top)
            below = [dep for dep in entry.dep_keys() if dep not in heights and dep not in seen]
            if below:
                stack.extend(below)
                continue
            heights[top] = 1 + max((heights.get(dep, 0) for dep in entry.dep_keys()), default=0)
            stack.pop()
        return heights[key]

    def _raise_height(self, key: str, entry: Entry) -> None:
        """An entry recorded anew may read something higher than before: lift it, and those
        that read it, so the order by height stays true (heights only grow)."""
        heights, readers = self._heights, self._readers or {}
        height = 1 + max((heights.get(dep, 0) for dep in entry.dep_keys()), default=0)
        if heights.get(key, -1) >= height:
            return
        heights[key] = height
        stack = [key]
        while stack:
            below = stack.pop()
            for reader in readers.get(below, ()):
                if heights.get(reader, 0) <= heights[below]:
                    heights[reader] = heights[below] + 1
                    stack.append(reader)

    def drop(self, keys: list[str]) -> None:
        """Forget these entries, and what the index and the inputs knew only through them."""
        entries = self.entries
        for key in keys:
            entry = entries.pop(key)
            self._heights.pop(key, None)
            self._orphans.discard(key)
            self._unlink(key, entry)

    def _unlink(
        self, key: str, entry: Entry, keep: frozenset[str] | set[str] = frozenset()
    ) -> None:
        """Take ``key`` off the readers of what ``entry`` read (but ``keep``); an input no
        entry reads any more is forgotten (without an index, saving works them out afresh)."""
        if self._readers is None:
            return
        for (name, arg, _), dep in zip(entry.deps, entry.dep_keys(), strict=True):
            readers = self._readers.get(dep)
            if readers is not None and dep not in keep:
                readers.discard(key)
                if not readers:
                    del self._readers[dep]
                    if name in LEAVES:
                        self.inputs.pop((name, arg), None)

    def resolve_disputes(self) -> None:
        """After a build, an input whose readers all recorded one digest gets it back (saving
        works the inputs out afresh; this is for a store kept in memory)."""
        readers, _ = self.readers()
        entries = self.entries
        for (name, arg), digest in list(self.inputs.items()):
            if digest == DISPUTED:
                seen = {
                    recorded
                    for reader in readers.get(step_key(name, arg), ())
                    if reader in entries
                    for kind, read, recorded in entries[reader].deps
                    if kind == name and read == arg
                }
                if len(seen) == 1:
                    self.inputs[name, arg] = seen.pop()
                elif not seen:
                    del self.inputs[name, arg]  # nothing reads it any more

    def revision(
        self,
        root: Path,
        options: dict[str, Any] | None = None,
        watched: Collection[str] | None = None,
    ) -> Revision:
        """A new build over this store. ``watched``: the paths a file watcher saw change
        since the store's inputs were recorded (``serve``); every other recorded file and
        folder is taken as unchanged without a look at the disk. None: every one is checked."""
        seen = None if watched is None else {path.strip("/") for path in watched}
        if seen is not None and seen & {"", "."}:
            seen = None  # the whole project changed: look at everything
        return Revision(self, root, options or {}, watched=seen)

    def inputs_changed(self, root: Path) -> list[str]:
        """The recorded files and folders that are no longer as recorded: what ``serve``
        looks for after a build that trusted its file watcher, in case the watcher missed a
        change."""
        revision = self.revision(root)
        return sorted(
            {
                arg
                for (kind, arg), digest in self.inputs.items()
                if kind != OPTION and revision.current(kind, arg) != digest
            }
        )

    def save(self) -> None:
        """Write the store atomically; a store that cannot be written is simply not kept."""
        if self.path is None:
            return
        if any(entry.saved is UNLOADED for entry in self.entries.values()):
            self.load_values()
        entries, values, inputs, inline = {}, {}, {}, {}
        for key, entry in self.entries.items():
            step = STEPS.get(key.split("\0", 1)[0])
            kept = step is not None and step.keep and entry.has_value
            if kept and entry.saved is None and step is not None:
                entry.saved = step.encode(entry.value)
            for name, arg, digest in entry.deps:
                if name in LEAVES:
                    _agree(inputs, (name, arg), digest)
            row = [entry.version, entry.deps, entry.digest, kept]  # tuples: JSON arrays
            if kept and step is not None and step.inline:
                inline[key] = [*row, entry.saved]
            else:
                entries[key] = row
                if kept:
                    values[key] = entry.saved
        token = os.urandom(8).hex()
        saved = {
            "generator": self.generator,
            "token": token,
            "stats": [[name, [list(sig), digest]] for name, (sig, digest) in self.stats.items()],
            "inputs": [[kind, arg, digest] for (kind, arg), digest in inputs.items()],
            "entries": inline,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            traces_json = json_bytes({"token": token, "entries": entries}, floats=False)
            for target, parts in (
                (self.values_path(self.path), values_parts(token, values)),
                (self.traces_path(self.path), iter([traces_json])),
                (self.path, iter([json_bytes(saved)])),
            ):
                tmp = target.with_suffix(f".tmp-{os.getpid()}")
                with open(tmp, "wb", buffering=1 << 20) as file:
                    file.writelines(parts)
                tmp.replace(target)
            self.token, self.inputs = token, inputs
        except OSError:
            pass


def json_bytes(content: Any, floats: bool = True) -> bytes:
    """``content`` as compact JSON, read back by ``json.loads`` as the same data.

    orjson writes the 35 MB of a 1000-page store in a quarter of ``json.dumps``' time (0.04
    against 0.15 s, plus 0.07 s to encode the text). It would write a float that is not a
    number as ``null``, and refuses integers beyond 64 bits: content holding one is written
    by the standard library, which keeps both. ``floats=False`` says the content holds no
    float (the traces: names, arguments, digests), which skips looking for one.
    """
    try:
        data = orjson.dumps(content, default=_named_tuple, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        data = None
    if data is None or (floats and b"null" in data and has_non_finite(content)):
        data = json.dumps(content, separators=(",", ":")).encode("ascii")
    return data


def values_parts(token: str, values: dict[str, Any]) -> Iterator[bytes]:
    """The values file, made and written one value at a time: joined first, the 35 MB of a
    1000-page store were copied twice more, and fresh memory costs a small machine more
    than the copying. Only a value whose JSON holds ``null`` is searched for a float that
    is not a number (searching all the values of a 1000-page store, where ten hold a null,
    took 0.1 s)."""
    yield b'{"token":"%s","values":{' % token.encode()
    comma = b""
    for key, value in values.items():
        yield b"".join((comma, json_bytes(key, False), b":", json_bytes(value)))
        comma = b","
    yield b"}}"


def _named_tuple(value: Any) -> Any:
    """A value orjson does not write itself: a named tuple is a list, as in ``json``."""
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(type(value).__name__)


def has_non_finite(value: Any) -> bool:
    """Whether a float that is not a number or infinite is anywhere in ``value``."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(has_non_finite(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(has_non_finite(item) for item in value)
    return False


def decode_entries(saved: dict[str, list[Any]]) -> dict[str, Entry]:
    """Entries as the store saves them: [version, deps, digest, kept, inline value?]."""
    entries = {}
    for key, (version, deps, digest, kept, *inline) in saved.items():
        entry = Entry(version, [(n, frozen_arg(a), d) for n, a, d in deps], digest)
        if kept:
            entry.saved, entry.has_value = (inline[0] if inline else UNLOADED), True
        entries[key] = entry
    return entries


class Reads:
    """The only way a step sees anything; every read is recorded with its digest."""

    def __init__(self, revision: Revision) -> None:
        self.revision = revision
        self.deps: list[Dep] = []
        self._seen: set[tuple[str, Any]] = set()

    def _record(self, name: str, arg: Any, digest: str) -> None:
        if (name, arg) not in self._seen:
            self._seen.add((name, arg))
            self.deps.append((name, arg, digest))

    def file(self, path: str) -> bytes | None:
        """The bytes of ``path`` (relative to the project), or None when it is not a file."""
        content, digest = self.revision.read_file(path)
        self._record(FILE, path, digest)
        return content

    def exists(self, path: str) -> bool:
        """Whether ``path`` is a file; recorded as the file itself (its bytes' digest)."""
        digest = self.revision.file_digest(path)
        self._record(FILE, path, digest)
        return digest != MISSING

    def listing(self, folder: str) -> list[str]:
        """The sorted names in ``folder`` (empty when it is missing)."""
        names = self.revision.listing(folder)
        self._record(LISTING, folder, digest_of("\0".join(names)) if names is not None else MISSING)
        return names or []

    def tree(self, folder: str) -> list[str]:
        """Every file under ``folder``, as sorted paths relative to it (names starting with
        a dot left out)."""
        paths = self.revision.tree(folder)
        self._record(TREE, folder, digest_of("\0".join(paths)))
        return paths

    def option(self, name: str) -> Any:
        value = self.revision.options.get(name)
        self._record(OPTION, name, digest_of(repr(value)))
        return value

    def need(self, step: Step[Arg, Value], arg: Arg) -> Value:
        """Another step's result; recorded, so this step reruns only when it changed."""
        recorded = step.recorded_arg(arg)
        key = step_key(step.name, recorded)
        value = self.revision.get(step, arg, key)
        self._record(step.name, recorded, self.revision.verified[key])
        return value


@dataclass
class Revision:
    """One build over a store: each trace is verified at most once, inputs read once."""

    store: Store
    root: Path
    options: dict[str, Any]
    verified: dict[str, str] = field(default_factory=dict)
    """Step key -> its result's digest, known to hold in this revision."""
    values: dict[str, Any] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)
    """Keys of the steps run for this revision, here or in a worker, in order."""
    ran_here: list[str] = field(default_factory=list)
    """Those of them that ran in this process."""
    made: dict[str, Entry] = field(default_factory=dict)
    """Entries recorded by this revision (what a worker hands back)."""
    files: dict[str, tuple[bytes | None, str]] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    listings: dict[str, list[str] | None] = field(default_factory=dict)
    trees: dict[str, list[str]] = field(default_factory=dict)
    local: Any = None
    """What the steps use that lives in this process only (the template environment)."""
    clean: bool | None = None
    """Whether every input of the saved traces is unchanged (found out when first asked)."""
    deferred: dict[str, int] = field(default_factory=dict)
    """Steps that settling leaves for later once it has found this many of them to verify:
    the build hands many pages to worker processes, and renders a few itself."""
    changed: list[str] = field(default_factory=list)
    """The keys of the recorded files, folders and options whose digest changed."""
    dirty: set[str] = field(default_factory=set)
    """Entries that read something that changed, found by ``settle``; every other entry
    holds without its trace being walked."""
    watched: set[str] | None = None
    """The paths a file watcher saw change (see ``Store.revision``), or None."""
    settled: bool = False
    settling: int | None = None
    """While settling: the height being settled (entries below it are settled)."""

    # ---------------------------------------------------------------- inputs

    def read_file(self, path: str) -> tuple[bytes | None, str]:
        if path not in self.files:
            full = os.path.join(self.root, path)
            try:
                info = os.stat(full)
                content = _read_bytes(full) if _is_file(info) else None
            except OSError:
                info, content = None, None
            digest = MISSING if content is None else digest_of(content)
            if info is not None and content is not None:
                self._remember_stat(path, info, digest)
            self.files[path] = (content, digest)
            self.digests[path] = digest
        return self.files[path]

    def file_digest(self, path: str) -> str:
        """The digest of a file's bytes; an unchanged stat signature spares reading it."""
        if path in self.digests:
            return self.digests[path]
        if (vouched := self._vouched_for(path)) is not None:
            self.digests[path] = vouched
            return vouched
        try:
            info = os.stat(os.path.join(self.root, path))
        except OSError:
            info = None
        if info is None or not _is_file(info):
            digest = MISSING
        else:
            known = self.store.stats.get(path)
            digest = known[1] if known is not None and known[0] == _signature(info) else ""
            if not digest:
                return self.read_file(path)[1]
        self.digests[path] = digest
        return digest

    def _remember_stat(self, path: str, info: os.stat_result, digest: str) -> None:
        """Trust this digest by the file's size, inode, mtime and ctime next time, unless the
        file changed just now (ctime is set by the kernel on every change: ``cp -p``, ``tar``
        and ``touch -r`` can set mtime back, never ctime)."""
        if time.time_ns() - info.st_ctime_ns > RACY_NS:
            self.store.stats[path] = (_signature(info), digest)
        else:
            self.store.stats.pop(path, None)

    def is_dir(self, path: str) -> bool:
        return (self.root / path).is_dir()

    def listing(self, folder: str) -> list[str] | None:
        if folder not in self.listings:
            try:
                with os.scandir(self.root / folder) as entries:
                    self.listings[folder] = sorted(entry.name for entry in entries)
            except OSError:
                self.listings[folder] = None
        return self.listings[folder]

    def tree(self, folder: str) -> list[str]:
        if folder not in self.trees:
            top = os.path.join(self.root, folder)
            found = []
            for directory, _, names in os.walk(top):
                prefix = directory[len(top) + 1 :].replace(os.sep, "/")
                prefix = prefix + "/" if prefix else ""
                found.extend(prefix + name for name in names if not name.startswith("."))
            self.trees[folder] = sorted(found)
        return self.trees[folder]

    def unchanged(self) -> bool:
        """Whether no file, folder or option that the saved traces read has changed since
        they were saved: then each of them holds without being walked."""
        if self.clean is None:
            inputs = self.store.inputs
            self.changed = [
                key
                for (kind, arg), digest in self._inputs_to_look_at()
                if self.current(kind, arg, key := step_key(kind, arg)) != digest
            ]
            self.clean = bool(inputs) and not self.changed and not self.store.unsettled
        return self.clean

    def _inputs_to_look_at(self) -> Iterable[tuple[tuple[str, Any], str]]:
        """The recorded inputs that may have changed: all of them, or with a watcher's
        report the options and what is at, inside or around a path it saw change (a folder
        renamed is one event). ``file_digest`` takes the others' digests as recorded."""
        inputs = self.store.inputs.items()
        if self.watched is None:
            return inputs
        inside = tuple(f"{path}/" for path in self.watched)
        return [
            ((kind, path), digest)
            for (kind, path), digest in inputs
            if kind == OPTION
            or digest == DISPUTED
            or path in self.watched  # the file or folder itself
            or path.startswith(inside)  # in a folder that changed
            or (kind != FILE and any(_inside(seen, path) for seen in self.watched))  # around
        ]

    def _vouched_for(self, path: str) -> str | None:
        """The recorded digest of a file the watcher saw no change at, or None."""
        if self.watched is None or path in self.watched:
            return None
        if any(path.startswith(f"{seen}/") for seen in self.watched):
            return None
        recorded = self.store.inputs.get((FILE, path))
        return None if recorded == DISPUTED else recorded

    def settle(self) -> None:
        """Find what the changed inputs reach, going up from them by height, as Jane Street's
        Incremental and Bazel's Skyframe do: an entry that read something that changed is
        verified (or run again); when its result is the same as before, nothing above it is
        visited. A one-page edit at 1000 pages so visits a few entries, not 37 000 inputs.

        What is not visited holds. Steps in ``deferred`` are not run here when many of
        them are to be verified (the build hands those to workers), nor is what no entry
        reads (the search index: ``serve`` makes it after the pages): they and what reads
        them stay ``dirty``, and are verified by walking their traces when asked for. A
        step that fails here is left for when it is asked for, too: run ahead of the
        build, it may lack what the build checks first.
        """
        self.settled = True
        if self.unchanged() or not self.store.inputs:
            return
        readers, heights = self.store.readers()
        queue: list[tuple[int, str]] = []
        found: dict[str, int] = {}  # how many entries of each deferred step were reached

        def reached(key: str) -> None:
            for reader in readers.get(key, ()):
                if reader not in self.dirty:
                    self.dirty.add(reader)
                    heapq.heappush(queue, (heights.get(reader, 0), reader))
                    name = reader.split("\0", 1)[0]
                    if name in self.deferred:
                        found[name] = found.get(name, 0) + 1

        for key in [*self.changed, *self.store.unsettled]:
            reached(key)
        for key in self.store.orphans():
            if key not in self.dirty:
                self.dirty.add(key)
                heapq.heappush(queue, (heights.get(key, 0), key))
        try:
            while queue:
                height, key = heapq.heappop(queue)
                if heights.get(key, 0) != height:
                    heapq.heappush(queue, (heights[key], key))  # lifted while it waited
                    continue
                entry = self.store.entries.get(key)
                step = STEPS.get(key.split("\0", 1)[0])
                if entry is None or step is None or key in self.verified:
                    continue
                if not readers.get(key):
                    continue  # nothing reads it: verified (or run) when it is asked for
                self.settling = height
                if self.holds(entry, key):
                    self.verified[key] = entry.digest
                    self.store.adopted(key)
                    continue
                many = self.deferred.get(step.name)
                if (many is not None and found.get(step.name, 0) >= many) or any(
                    dep in self.dirty and dep not in self.verified for dep in entry.dep_keys()
                ):
                    reached(key)  # run later, or reads what is run later
                    continue
                try:
                    digest = self.check(step, ast.literal_eval(key.split("\0", 1)[1]), key)
                except Exception:  # asked for later, it fails there, in its place
                    self.verified.pop(key, None)
                    reached(key)
                    continue
                if digest != entry.digest:
                    reached(key)
        finally:
            self.settling = None

    def current(self, name: str, arg: Any, key: str | None = None) -> str:
        """The digest a recorded input has now (remembered in ``verified``, by its key)."""
        if name in LEAVES:
            key = key or step_key(name, arg)
            self.verified[key] = digest = self._leaf_digest(name, arg)
            return digest
        key = key or step_key(name, arg)
        known = self.verified.get(key)
        if known is not None:
            return known
        step = STEPS.get(name)
        if step is None:
            return MISSING  # a step this generator no longer has
        if step.by_content:
            entry = self.store.entries.get(key)
            if entry is None:
                return MISSING  # forgotten: the step that read it runs again
            self.verified[key] = entry.digest
            return entry.digest
        return self.check(step, arg, key)

    def _leaf_digest(self, name: str, arg: Any) -> str:
        if name == FILE:
            return self.digests.get(arg) or self.file_digest(arg)
        if name == LISTING:
            names = self.listing(arg)
            return digest_of("\0".join(names)) if names is not None else MISSING
        if name == TREE:
            return digest_of("\0".join(self.tree(arg)))
        assert name == OPTION, name
        return digest_of(repr(self.options.get(arg)))

    # ---------------------------------------------------------------- steps

    def check(self, step: Step[Any, Any], arg: Any, key: str | None = None) -> str:
        """The digest of a step's result in this revision, running it only if its recorded
        inputs changed (or it was never run)."""
        key = key or step.key(arg)
        known = self.verified.get(key)
        if known is not None:
            return known
        if not self.settled:
            self.settle()
            if key in self.verified:
                return self.verified[key]
        entry = self.store.entries.get(key)
        if entry is not None and entry.version == step.version and self.holds(entry, key):
            self.verified[key] = entry.digest
            self.store.adopted(key)
            return entry.digest
        self._run(step, arg, key, entry)
        return self.verified[key]

    def holds(self, entry: Entry, key: str | None = None) -> bool:
        """Whether every input ``entry`` recorded still has the digest it had."""
        if self.clean or (self.clean is None and self.unchanged()):
            return True
        if not self.settled:
            self.settle()
        if key is not None and self._settled_below(key):
            return True
        verified, current, entries = self.verified, self.current, self.store.entries
        for (name, arg, digest), dep in zip(entry.deps, entry.dep_keys(), strict=True):
            known = verified.get(dep)
            if known is None:
                below = None if name in LEAVES else entries.get(dep)
                if below is not None and self._settled_below(dep):
                    known = below.digest
                elif self.settling is not None and dep in self.dirty:
                    return False  # settled already, and left for later: not known yet
                else:
                    known = current(name, arg, dep)
            if known != digest:
                return False
        return True

    def _settled_below(self, key: str) -> bool:
        """Whether the entry ``key`` holds without walking its trace: settling did not reach
        it, and is done or past its height."""
        if key in self.dirty or not self.settled:
            return False
        if self.settling is None:
            return True
        return self.store.readers()[1].get(key, 0) < self.settling

    def get(self, step: Step[Arg, Value], arg: Arg, key: str | None = None) -> Value:
        """The result of ``step`` for ``arg``: reused while its inputs hold, else run."""
        key = key or step.key(arg)
        if key in self.values:
            return self.values[key]
        self.check(step, arg, key)
        if key in self.values:
            return self.values[key]
        entry = self.store.entries[key]
        if entry.saved is UNLOADED:
            self.store.load_values()
        if entry.has_value:
            if entry.saved is not None and entry.value is None:
                entry.value = step.decode(entry.saved)
            self.values[key] = entry.value
            return entry.value
        return self._run(step, arg, key, entry)  # its trace holds; its value was not kept

    def _run(self, step: Step[Arg, Value], arg: Arg, key: str, old: Entry | None) -> Value:
        reads = Reads(self)
        value = step.run(reads, arg)
        if step.backdate:
            digest = digest_of(value)
        else:
            digest = digest_of(repr([(n, a, d) for n, a, d in reads.deps]))
        self.ran.append(key)
        self.ran_here.append(key)
        entry = Entry(step.version, reads.deps, digest, value, True)
        self.made[key] = entry
        self.store.record(key, entry)
        self.verified[key] = digest
        self.values[key] = value
        return value

    def seed(self, entries: dict[str, Entry], ran: bool = False) -> None:
        """Take results made elsewhere: handed to a worker, or (``ran``) run by one."""
        for key, entry in entries.items():
            if ran and key not in self.verified:
                self.ran.append(key)
            self.store.record(key, entry)
            self.verified[key] = entry.digest
            if entry.has_value:
                self.values[key] = entry.value

    def forget(self, keys: Iterable[str]) -> None:
        """Drop results this process no longer needs (a worker, once it has handed them
        back): a later need of one runs its step again. A worker kept every page it made,
        and fresh memory is dear on a small machine."""
        for key in keys:
            self.verified.pop(key, None)
            self.values.pop(key, None)
            self.store.entries.pop(key, None)
            self.store.unsettled.discard(key)

    def ran_steps(self, name: str) -> list[Any]:
        """The arguments ``name`` ran for in this revision (for tests and reports)."""
        prefix = name + "\0"
        return [key[len(prefix) :] for key in self.ran if key.startswith(prefix)]

    def commit(self, save: bool = True) -> None:
        """Keep what this build reached and forget the rest; save an on-disk store."""
        entries = self.store.entries
        kept: set[str] = set()
        stack = [key for key in self.verified if key in entries]
        while stack:  # what this build reached, and all it read (settling skips their walk)
            key = stack.pop()
            if key not in kept:
                kept.add(key)
                stack.extend(dep for dep in entries[key].dep_keys() if dep in entries)
        self.store.drop([key for key in entries if key not in kept])
        self.store.unsettled.clear()  # this build checked the readers of what it ran
        if save:
            self.store.save()
        elif self.store.read_from is None:
            self.store.resolve_disputes()  # kept in memory for the next edit (serve)

    def needs_run(self, step: Step[Any, Any], args: Iterable[Any]) -> list[Any]:
        """The arguments whose result is not known to hold without running the step itself
        (its inputs are verified, running any step they depend on)."""
        if not self.settled:
            self.settle()
        todo = []
        for arg in args:
            key = step.key(arg)
            if key in self.verified:
                continue
            entry = self.store.entries.get(key)
            if entry is not None and entry.version == step.version and self.holds(entry, key):
                self.verified[key] = entry.digest
                if entry.has_value:
                    continue
            todo.append(arg)
        return todo


def _agree(inputs: dict[tuple[str, Any], str], recorded: tuple[str, Any], digest: str) -> None:
    """Record an input's digest, or DISPUTED if another reader recorded another."""
    known = inputs.get(recorded)
    inputs[recorded] = digest if known is None or known == digest else DISPUTED


def _inside(path: str, folder: str) -> bool:
    return folder in (".", "") or path.startswith(f"{folder}/")


def _signature(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)


def _is_file(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode)


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()
