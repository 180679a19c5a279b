"""When the other side has said everything it has for a point, it closes in on the call — it never
speaks a stage direction (「（第7次）……」) and never says a line twice."""

from __future__ import annotations

import pytest

from tests.helpers_engine import play, replies

# a bereaved son hears one statement after another and is asked nothing: the replies run out
LINES = ["您好，请问是蒋先生家吗？", "我是安信银行的，姓王。", "节哀顺变。", "请您方便的时候回个电话给我们。",
         "我们的电话是400-123-4567。", "不着急，您先忙家里的事。", "我这边会做好登记。", "后续有专门的同事跟您联系。",
         "您记一下我的姓，我姓王。", "工作日都可以打这个电话。", "登记好以后我们就不再打扰了。", "有什么问题也可以随时找我。"]


@pytest.mark.parametrize("seed", (1, 2, 3))
def test_a_long_run_of_statements_is_met_without_stage_directions_or_repeats(seed: int) -> None:
    said = [t["text"] for t in replies(play("special-deceased", LINES, seed))]
    assert not [t for t in said if "（第" in t], said
    assert len(said) == len(set(said)), said
