#!/usr/bin/env python3
"""Draw a stratified sample of findings from a flake8 output file, for judging by hand.

Run by hand: ``python3 bench/sample.py OUTPUT --root ROOT --seed N > sample.tsv``. Every code
found is a stratum: the sample takes up to ``--per-code`` findings of each (``--per-judged-code``
for the codes whose findings rest on a judgement of the code: REV3, REV5, REV6, REV8 and
REV410-REV414), drawn at random with a fixed seed, so the same output and seed give the same
sample. The TSV has empty ``verdict`` and ``reason`` columns to fill in (see
bench/precision/README.md). Standard library only.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Sequence

FINDING = re.compile(r"^(?P<path>.+?):(?P<row>\d+):(?P<col>\d+): (?P<code>REV\d+) (?P<text>.*)$")
JUDGED = re.compile(r"REV[3568]\d\d|REV41[0-4]")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="a flake8 output file (default format)")
    parser.add_argument("--root", type=Path, required=True,
                        help="paths in the sample are made relative to it")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--per-code", type=int, default=1)
    parser.add_argument("--per-judged-code", type=int, default=3)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the sample as TSV."""
    args = parse_args(argv)
    strata: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for line in args.output.read_text(encoding="utf-8").splitlines():
        match = FINDING.match(line)
        if match:
            path = Path(match["path"]).resolve().relative_to(args.root.resolve())
            strata[match["code"]].append((str(path), int(match["row"]), match["text"]))
    chooser = random.Random(args.seed)
    print("n\tcode\tfound\tlocation\tmessage\tverdict\treason")
    number = 0
    for code in sorted(strata):
        found = sorted(strata[code])
        size = args.per_judged_code if JUDGED.fullmatch(code) else args.per_code
        for path, row, text in sorted(chooser.sample(found, min(size, len(found)))):
            number += 1
            print(f"{number}\t{code}\t{len(found)}\t{path}:{row}\t{text}\t\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
