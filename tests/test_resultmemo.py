"""ResultMemo: results by key, at most ``limit`` of them, and results filed from elsewhere."""

from __future__ import annotations

from mlcareer_site.resultmemo import ResultMemo


def test_a_result_is_made_once_per_key() -> None:
    made: list[str] = []
    memo: ResultMemo[str, list[str]] = ResultMemo(limit=8)
    first = memo.get("a", lambda: made.append("a") or ["A"])
    again = memo.get("a", lambda: made.append("a") or ["other"])
    assert made == ["a"] and again is first == ["A"]


def test_a_filed_result_is_found_and_never_replaced() -> None:
    memo: ResultMemo[str, list[str]] = ResultMemo(limit=8)
    filed = memo.file("page", ["from a worker"])
    assert memo.get("page", lambda: ["made here"]) is filed
    assert memo.file("page", ["filed twice"]) is filed


def test_the_oldest_results_go_first_beyond_the_limit() -> None:
    memo: ResultMemo[int, int] = ResultMemo(limit=3)
    for key in range(5):
        memo.get(key, lambda key=key: key * 10)
    assert list(memo.entries) == [2, 3, 4]
    assert memo.get(0, lambda: -1) == -1
