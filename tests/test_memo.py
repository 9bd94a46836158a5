"""``cchc.core.memo.Memo``: a result is reused only while its arguments are equal."""

from __future__ import annotations

from cchc.core.memo import Memo


def test_a_result_is_made_again_when_an_argument_changes() -> None:
    memo: Memo[str] = Memo()
    calls: list[str] = []

    def make(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert memo.made("a", ("một",), lambda: make("một")) == "MỘT"
    assert memo.made("a", ("một",), lambda: make("một")) == "MỘT" and memo.reused == 1
    assert memo.made("a", ("hai",), lambda: make("hai")) == "HAI"
    assert memo.made("b", ("một",), lambda: make("một")) == "MỘT"  # another key: made for it
    assert calls == ["một", "hai", "một"]
    memo.start()
    assert memo.reused == 0
