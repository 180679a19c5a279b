"""Write trainer/data/homophones.tsv: the homophone table of trainer.zh.text, from pypinyin.

    python tools/gen_homophones.py          # rewrite the file
    python tools/gen_homophones.py --check  # exit 1 if the file is not current

The table maps each toneless syllable to the GB2312 characters whose first reading it is.
Shipping it saves every first start the pypinyin import and 7,000 lookups (about 0.25 s);
tests/zh/test_text.py checks that it is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from trainer.zh.text import HOMOPHONE_DATA, homophone_table_text

TARGET = Path(__file__).resolve().parent.parent / "trainer" / "data" / HOMOPHONE_DATA


def main() -> int:
    text = homophone_table_text()
    if "--check" in sys.argv[1:]:
        current = TARGET.read_text("utf-8") if TARGET.exists() else ""
        if current != text:
            sys.stderr.write(f"{TARGET} is not current: run python tools/gen_homophones.py\n")
            return 1
        return 0
    TARGET.write_text(text, "utf-8")
    sys.stdout.write(f"wrote {TARGET} ({text.count(chr(10))} syllables)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
