"""Write a deterministic benchmark corpus: a directory of .txt pages or one .jsonl file.

python benchmarks/make_corpus.py /tmp/corpus.jsonl --mb 100
python benchmarks/make_corpus.py /tmp/corpus-dir --pages 5000 --seed 1
"""

from __future__ import annotations

import argparse
import sys
import time

from reviewparse._corpus import write_dump


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("path", help="a .jsonl file, or a directory for one .txt per page")
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--mb", type=float, help="target size in MB (10**6 bytes of UTF-8 text)")
    size.add_argument("--pages", type=int, help="number of pages")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    target = int(args.mb * 1_000_000) if args.mb is not None else None
    pages, written = write_dump(args.path, n_pages=args.pages, target_bytes=target, seed=args.seed)
    elapsed = time.perf_counter() - start
    print(f"wrote {pages} pages, {written / 1e6:.1f} MB to {args.path} in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
