"""The incremental engine: a result is reused exactly while every input it read holds."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mlcareer_site import engine
from mlcareer_site.engine import Reads, Step, Store


def read_text(reads: Reads, path: str) -> str:
    return (reads.file(path) or b"").decode()


TEXT: Step[str, str] = Step("test: text", read_text)


def first_word(reads: Reads, path: str) -> str:
    return reads.need(TEXT, path).split()[0]


FIRST_WORD: Step[str, str] = Step("test: first word", first_word, keep=True)


def shout(reads: Reads, path: str) -> str:
    return reads.need(FIRST_WORD, path).upper()


SHOUT: Step[str, str] = Step("test: shout", shout)


def length(reads: Reads, text: str) -> int:
    return len(text)


LENGTH: Step[str, int] = Step("test: length", length, by_content=True)


def ran(revision: engine.Revision, step: Step) -> list:
    return revision.ran_steps(step.name)


def test_a_result_is_reused_while_its_inputs_hold(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello world")
    store = Store.in_memory()
    first = store.revision(tmp_path)
    assert first.get(SHOUT, "a.txt") == "HELLO"
    assert ran(first, SHOUT) == ["'a.txt'"] and ran(first, TEXT) == ["'a.txt'"]
    again = store.revision(tmp_path)
    assert again.get(SHOUT, "a.txt") == "HELLO"
    assert again.ran == []


def test_a_step_whose_result_did_not_change_does_not_disturb_its_readers(
    tmp_path: Path,
) -> None:
    """Backdating: the text changed, its first word did not, so 'shout' is not run again."""
    path = tmp_path / "a.txt"
    path.write_text("hello world")
    store = Store.in_memory()
    store.revision(tmp_path).get(SHOUT, "a.txt")
    path.write_text("hello there, a longer text")
    second = store.revision(tmp_path)
    assert second.get(SHOUT, "a.txt") == "HELLO"
    assert ran(second, TEXT) == ran(second, FIRST_WORD) == ["'a.txt'"]
    assert ran(second, SHOUT) == []
    path.write_text("goodbye")
    third = store.revision(tmp_path)
    assert third.get(SHOUT, "a.txt") == "GOODBYE"
    assert ran(third, SHOUT) == ["'a.txt'"]


def test_an_edit_that_keeps_size_and_modification_time_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A digest is trusted by the file's stat signature only; ``cp -p``, ``rsync -t`` and
    ``tar`` can put the modification time back, never the change time (ctime)."""
    monkeypatch.setattr(engine, "RACY_NS", 0)  # trust even a file changed just now
    path = tmp_path / "a.txt"
    path.write_text("alpha")
    store = Store.in_memory()
    assert store.revision(tmp_path).get(FIRST_WORD, "a.txt") == "alpha"
    assert "a.txt" in store.stats
    before = path.stat()
    time.sleep(0.05)  # past the file system's timestamp granularity
    path.write_text("gamma")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert store.revision(tmp_path).get(FIRST_WORD, "a.txt") == "gamma"


def test_a_file_changed_just_before_it_was_read_is_not_trusted_by_its_stat(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.txt").write_text("fresh")
    store = Store.in_memory()
    store.revision(tmp_path).get(TEXT, "a.txt")
    assert "a.txt" not in store.stats  # its timestamp could still repeat


def test_missing_and_created_files_are_inputs_too(tmp_path: Path) -> None:
    store = Store.in_memory()
    assert store.revision(tmp_path).get(TEXT, "later.txt") == ""
    (tmp_path / "later.txt").write_text("now here")
    assert store.revision(tmp_path).get(TEXT, "later.txt") == "now here"


def test_the_disk_store_keeps_values_of_kept_steps_and_traces_of_all(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello world")
    path = tmp_path / "store.json"
    first = Store.on_disk(path, "v1").revision(tmp_path)
    first.get(SHOUT, "a.txt")
    first.commit()
    loaded = Store.on_disk(path, "v1")
    entries = {key.split("\0")[0]: entry for key, entry in loaded.entries.items()}
    assert entries["test: first word"].has_value  # kept
    assert not entries["test: shout"].has_value  # only its trace
    again = loaded.revision(tmp_path)
    assert again.get(FIRST_WORD, "a.txt") == "hello"
    assert again.ran == []  # verified by its trace, value read from the store
    assert again.get(SHOUT, "a.txt") == "HELLO"
    assert ran(again, SHOUT) == ["'a.txt'"]  # its value was not kept: made again


@pytest.mark.parametrize("saved", ["not json", '{"generator": "v1"}', '{"generator": "v0"}'])
def test_an_unreadable_or_foreign_store_is_ignored(tmp_path: Path, saved: str) -> None:
    (tmp_path / "a.txt").write_text("hello")
    path = tmp_path / "store.json"
    path.write_text(saved)
    revision = Store.on_disk(path, "v1").revision(tmp_path)
    assert revision.get(SHOUT, "a.txt") == "HELLO"
    assert ran(revision, SHOUT) == ["'a.txt'"]


def test_two_stores_share_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello")
    Store.in_memory().revision(tmp_path).get(SHOUT, "a.txt")
    other = Store.in_memory().revision(tmp_path)
    other.get(SHOUT, "a.txt")
    assert ran(other, SHOUT) == ["'a.txt'"]


def test_a_step_by_content_is_kept_by_its_argument_alone(tmp_path: Path) -> None:
    store = Store.in_memory()
    first = store.revision(tmp_path)
    assert first.get(LENGTH, "some long text") == 14
    key = LENGTH.key("some long text")
    assert "some long text" not in key  # a digest, not the text
    again = store.revision(tmp_path)
    assert again.get(LENGTH, "some long text") == 14 and again.ran == []


def test_commit_forgets_what_the_build_did_not_reach(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "b.txt").write_text("two")
    store = Store.in_memory()
    first = store.revision(tmp_path)
    first.get(TEXT, "a.txt")
    first.get(TEXT, "b.txt")
    first.commit(save=False)
    second = store.revision(tmp_path)
    second.get(TEXT, "a.txt")
    second.commit(save=False)
    assert {key.split("\0")[1] for key in store.entries} == {"'a.txt'"}


def test_two_steps_cannot_share_a_name() -> None:
    with pytest.raises(ValueError, match="two steps are named"):
        Step("test: text", read_text)


# --------------------------------------------------------------- settling: work by the change


def every_text(reads: Reads, _: None) -> tuple[str, ...]:
    """Like the site: reads every file, so any edit changes it (not backdated)."""
    return tuple(reads.need(TEXT, name) for name in reads.listing("."))


EVERY_TEXT: Step[None, tuple[str, ...]] = Step("test: every text", every_text, backdate=False)


def count(reads: Reads, _: None) -> int:
    """Like the navigation: a small projection of it, equal after most edits."""
    return len(reads.need(EVERY_TEXT, None))


COUNT: Step[None, int] = Step("test: count", count)


def numbered(reads: Reads, name: str) -> str:
    """Like a page: its own file and the projection every page reads."""
    return f"{reads.need(COUNT, None)}: {reads.need(TEXT, name)}"


NUMBERED: Step[str, str] = Step("test: numbered", numbered)


def numbered_size(reads: Reads, name: str) -> int:
    """Like what later stages read of a page (its links, its search text)."""
    return len(reads.need(NUMBERED, name))


NUMBERED_SIZE: Step[str, int] = Step("test: numbered size", numbered_size)


def many_files(root: Path, number: int = 40) -> list[str]:
    names = [f"f{index:02}.txt" for index in range(number)]
    for name in names:
        (root / name).write_text(f"text of {name}")
    return names


def built(root: Path, step: Step, names: list[str]) -> Store:
    """A store that holds ``step`` for every name, committed as a build would leave it."""
    store = Store.in_memory()
    first = store.revision(root)
    for name in names:
        first.get(step, name)
    first.commit(save=False)
    return store


def test_an_edit_reaches_only_what_read_it(tmp_path: Path) -> None:
    """One file of 40 edited: the step every file feeds runs again, its projection gives the
    same count, so of the 40 readers of that count only the edited file's is visited."""
    names = many_files(tmp_path)
    store = built(tmp_path, NUMBERED, names)
    (tmp_path / "f07.txt").write_text("edited")
    second = store.revision(tmp_path)
    assert [second.get(NUMBERED, name) for name in names][7:9] == [
        "40: edited",
        "40: text of f08.txt",
    ]
    assert ran(second, NUMBERED) == ["'f07.txt'"]
    visited = sorted(key for key in second.dirty if key.startswith(NUMBERED.name))
    assert visited == [NUMBERED.key("f07.txt")]
    (tmp_path / "f40.txt").write_text("one more")  # the count changes: every reader runs
    third = store.revision(tmp_path)
    assert [third.get(NUMBERED, name) for name in names][-1] == "41: text of f39.txt"
    assert len(ran(third, NUMBERED)) == 40


def test_settling_leaves_deferred_steps_until_they_are_asked_for(tmp_path: Path) -> None:
    """What the build hands to workers when there is much of it is not run while settling."""
    names = many_files(tmp_path, 5)
    store = built(tmp_path, NUMBERED_SIZE, names)
    (tmp_path / "f01.txt").write_text("edited")
    second = store.revision(tmp_path)
    second.deferred = {NUMBERED.name: 1}  # left for later from the first one on
    assert second.needs_run(NUMBERED, names) == ["f01.txt"]
    assert ran(second, NUMBERED) == []
    assert second.get(NUMBERED, "f01.txt") == "5: edited"
    assert [second.get(NUMBERED_SIZE, name) for name in names][1] == len("5: edited")
    second.commit(save=False)
    (tmp_path / "f02.txt").write_text("edited too")
    third = store.revision(tmp_path)
    third.deferred = {NUMBERED.name: 2}  # fewer than two found: settling runs it
    assert third.needs_run(NUMBERED, names) == []
    assert ran(third, NUMBERED) == ["'f02.txt'"]


def test_an_entry_that_read_a_step_the_store_lacks_is_still_verified(tmp_path: Path) -> None:
    """A worker hands back a page, not the navigation it read: the page's trace names a step
    with no entry here, so nothing says what it depends on; it is verified, never trusted."""
    names = many_files(tmp_path, 5)
    worker = Store.in_memory()
    made = worker.revision(tmp_path)
    for name in names:
        made.get(NUMBERED, name)
    store = Store.in_memory()
    first = store.revision(tmp_path)
    first.seed({k: e for k, e in worker.entries.items() if not k.startswith(COUNT.name)})
    first.commit(save=False)
    (tmp_path / "f05.txt").write_text("a new file")
    second = store.revision(tmp_path)
    assert second.get(NUMBERED, "f00.txt") == "6: text of f00.txt"


def test_a_step_that_fails_while_settling_fails_where_it_is_asked_for(tmp_path: Path) -> None:
    """Settling runs steps before the build asks for them; a failure there is kept for the
    step that asks, not raised in whatever asked first."""
    names = many_files(tmp_path, 3)
    store = built(tmp_path, NUMBERED, names)
    (tmp_path / "f00.txt").write_bytes(b"\xff not text")  # TEXT fails to decode
    second = store.revision(tmp_path)
    assert second.get(TEXT, "f01.txt") == "text of f01.txt"  # settling met the failure first
    with pytest.raises(UnicodeDecodeError):
        second.get(NUMBERED, "f01.txt")


def test_the_store_is_written_as_json_that_reads_back_the_same_data() -> None:
    """orjson writes the store; what it cannot write as JSON would (a float that is not a
    number, an integer beyond 64 bits) falls back to the standard library, not to null."""
    import json
    import math

    from mlcareer_site.engine import json_bytes, values_parts
    from mlcareer_site.links import PageLinks

    plain = {"page": ["<p>café – null</p>", 3, [], ["site"]], "n": [1.5, None, True]}
    assert json.loads(json_bytes(plain)) == plain
    links = PageLinks(("a", "b"), (), ("x.html",))  # a named tuple, as a step's value
    assert json.loads(json_bytes({"links": links})) == {"links": [["a", "b"], [], ["x.html"]]}
    odd = {"figure": [1.0, float("nan"), float("inf")], "big": 2**70, 3: "three"}
    back = json.loads(json_bytes(odd))
    assert math.isnan(back["figure"][1]) and back["figure"][2] == math.inf
    assert back["big"] == 2**70 and back["3"] == "three"
    values = {"page\0a": ["<p>null</p>", None], "chart\0b": odd["figure"], "n\0c": 2**70}
    back = json.loads(b"".join(values_parts("t", values)))["values"]
    assert json.loads(b"".join(values_parts("t", {}))) == {"token": "t", "values": {}}
    assert list(back) == list(values) and back["page\0a"] == ["<p>null</p>", None]
    assert math.isnan(back["chart\0b"][1]) and back["n\0c"] == 2**70


def test_a_set_has_the_same_digest_in_every_process() -> None:
    """Sets pickle in hash order, and each process seeds string hashes its own way: the ids
    of the data and the site's paths got a new digest at every build, so the steps that read
    them ran again although nothing changed."""
    import subprocess
    import sys

    from mlcareer_site.engine import digest_of

    program = "from mlcareer_site.engine import digest_of; print(digest_of(frozenset(%r)))"
    names = [f"page-{n}.html" for n in range(50)]
    seen = {
        subprocess.run(
            [sys.executable, "-c", program % names],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert seen == {digest_of(frozenset(names))}
    assert digest_of(frozenset(names)) != digest_of(frozenset(names[1:]))


# --------------------------------------------------------------- told what changed (serve)


def test_a_revision_told_what_changed_looks_at_nothing_else(tmp_path: Path) -> None:
    """``serve``'s watcher reports the saved files: the rebuild reads those, trusts the
    rest as recorded (no stat of each), and the store can still find a missed change."""
    names = many_files(tmp_path, 5)
    store = built(tmp_path, NUMBERED, names)
    (tmp_path / "f01.txt").write_text("reported")
    (tmp_path / "f02.txt").write_text("not reported")
    told = store.revision(tmp_path, watched={"f01.txt"})
    assert told.get(NUMBERED, "f01.txt") == "5: reported"
    assert told.get(NUMBERED, "f02.txt") == "5: text of f02.txt"  # trusted, as told
    assert ran(told, NUMBERED) == ["'f01.txt'"]
    told.commit(save=False)
    assert store.inputs_changed(tmp_path) == ["f02.txt"]  # what serve checks afterwards
    full = store.revision(tmp_path)
    assert full.get(NUMBERED, "f02.txt") == "5: not reported"
    full.commit(save=False)
    assert not store.inputs_changed(tmp_path)


def test_a_reported_folder_covers_every_file_in_it(tmp_path: Path) -> None:
    """A folder renamed or replaced is one event, for the folder alone."""
    (tmp_path / "part").mkdir()
    (tmp_path / "part" / "a.txt").write_text("old words")
    store = Store.in_memory()
    store.revision(tmp_path).get(SHOUT, "part/a.txt")
    (tmp_path / "part" / "a.txt").write_text("new words")
    told = store.revision(tmp_path, watched={"part"})
    assert told.get(SHOUT, "part/a.txt") == "NEW"
    (tmp_path / "b.txt").write_text("x")
    listing_step = Step("test: names", lambda reads, _: tuple(reads.listing(".") or ()))
    store.revision(tmp_path).get(listing_step, None)
    (tmp_path / "c.txt").write_text("y")
    assert "c.txt" in store.revision(tmp_path, watched={"c.txt"}).get(listing_step, None)


# --------------------------------------------------------------- a build that stops part-way


def size_of_file(reads: Reads, path: str) -> int:
    return len(reads.file(path) or b"")


SIZE_OF_FILE: Step[str, int] = Step("test: size of file", size_of_file)


def test_what_a_failed_build_ran_is_still_passed_on_to_its_readers(tmp_path: Path) -> None:
    """serve: an edit, then a build that fails after re-running some steps (a data
    mistake stops it before the pages): once fixed, the pages still see the edit, though
    the file it changed now matches what the failed build recorded."""
    path = tmp_path / "a.txt"
    path.write_text("hello world")
    store = Store.in_memory()
    first = store.revision(tmp_path)
    assert (first.get(SHOUT, "a.txt"), first.get(SIZE_OF_FILE, "a.txt")) == ("HELLO", 11)
    first.commit(save=False)
    path.write_text("goodbye")
    failed = store.revision(tmp_path)
    assert failed.get(FIRST_WORD, "a.txt") == "goodbye"  # and then it stops: no commit
    again = store.revision(tmp_path)
    assert again.get(SIZE_OF_FILE, "a.txt") == 7  # another reader of the file it read
    assert again.get(SHOUT, "a.txt") == "GOODBYE"  # a reader of what the failed build ran
    again.commit(save=False)
    settled = store.revision(tmp_path)
    assert settled.unchanged() and settled.get(SHOUT, "a.txt") == "GOODBYE"
    assert settled.ran == []


def only_if_flag(reads: Reads, _: None) -> str:
    """Reads ``extra`` only while ``flag`` says yes: what a page does that leaves a layout."""
    if reads.file("flag") != b"yes":
        return "no extra"
    return (reads.file("extra") or b"").decode()


ONLY_IF_FLAG: Step[None, str] = Step("test: only if flag", only_if_flag)


def test_a_file_a_step_no_longer_reads_is_forgotten(tmp_path: Path) -> None:
    """Its old digest would otherwise stay recorded: serve's look at every file would find
    it changed after every edit, and a step reading it again would trust the old digest."""
    (tmp_path / "flag").write_text("yes")
    (tmp_path / "extra").write_text("first")
    store = Store.in_memory()
    for watched in (None, {"flag"}, {"extra"}, {"flag"}):
        if watched == {"flag"}:
            flag = (tmp_path / "flag").read_text()
            (tmp_path / "flag").write_text("no" if flag == "yes" else "yes")
        elif watched == {"extra"}:
            (tmp_path / "extra").write_text("second")
        revision = store.revision(tmp_path, watched=watched)
        value = revision.get(ONLY_IF_FLAG, None)
        revision.commit(save=False)
        assert not store.inputs_changed(tmp_path), watched
    assert value == "second"  # read again once the flag says yes: the new text


def x_if_flag(reads: Reads, _: None) -> str:
    return (reads.file("x") or b"").decode() if reads.file("flag") == b"yes" else "-"


X_IF_FLAG: Step[None, str] = Step("test: x if flag", x_if_flag)


def x_and_maybe_more(reads: Reads, _: None) -> list[str]:
    """Reads ``x`` itself, and the flag-dependent step while ``use`` says 1."""
    found = [(reads.file("x") or b"").decode()]
    if reads.file("use") == b"1":
        found.append(reads.need(X_IF_FLAG, None))
    return found


X_AND_MAYBE_MORE: Step[None, list[str]] = Step("test: x and maybe more", x_and_maybe_more)


def test_a_step_that_left_off_reading_a_file_then_was_dropped_does_not_break_commit(
    tmp_path: Path,
) -> None:
    """The index of readers kept the dropped step under the file it no longer read; the
    commit after the next edit of that file looked the step up (a KeyError that stopped
    serve's watcher)."""
    for name, text in {"flag": "yes", "x": "one", "use": "1"}.items():
        (tmp_path / name).write_text(text)
    store = Store.in_memory()
    for name, text in (("", ""), ("flag", "no"), ("use", "0"), ("x", "two")):
        if name:
            (tmp_path / name).write_text(text)
        revision = store.revision(tmp_path, watched={name} if name else None)
        value = revision.get(X_AND_MAYBE_MORE, None)
        revision.commit(save=False)
        assert not store.inputs_changed(tmp_path)
    assert value == ["two"]


@pytest.mark.parametrize("watched", [{"."}, {""}, {"sub/"}])
def test_the_root_or_a_folder_written_with_a_slash_covers_its_files(
    tmp_path: Path, watched: set[str]
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("old words")
    store = Store.in_memory()
    store.revision(tmp_path).get(FIRST_WORD, "sub/a.txt")
    (tmp_path / "sub" / "a.txt").write_text("new words")
    assert store.revision(tmp_path, watched=watched).get(FIRST_WORD, "sub/a.txt") == "new"
