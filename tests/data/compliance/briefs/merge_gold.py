"""The author's calls with the reviewer's gold: ``labels`` the gold, ``author_labels`` the author's own.

    python merge_gold.py OUT.jsonl AUTHOR.jsonl:GOLD.jsonl [AUTHOR.jsonl:GOLD.jsonl ...]

GOLD has one ``{"id", "labels"}`` per line for every call of AUTHOR (works for sentences too).
"""

import json
import sys
from pathlib import Path


def rows(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]


def main(out: str, pairs: list[str]) -> None:
    lines = []
    for pair in pairs:
        author, gold_file = pair.split(":")
        gold = {r["id"]: r["labels"] for r in rows(gold_file)}
        for r in rows(author):
            r["author_labels"], r["labels"] = r["labels"], gold[r["id"]]
            lines.append(json.dumps(r, ensure_ascii=False) + "\n")
    Path(out).write_text("".join(lines), "utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
