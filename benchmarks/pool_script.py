"""The script a user writes instead of `reviewparse convert`: regexes, a Pool, JSON lines.

python benchmarks/pool_script.py DUMP.jsonl OUT.jsonl [--jobs 2]
"""

import argparse
import json
import re
from multiprocessing import Pool
from pathlib import Path

BREAK = re.compile(r"\r\n|\n|\r")
CRUMBS = re.compile(r"[^>»→|]+(?:[>»→|][^>»→|]+)+")
CREDIT = re.compile(r"([A-Z][\w()'’]*(?: [\w()'’]+){0,3})[ \t\xa0]*(?:[:：]+|[-–—])[ \t\xa0]*(.*)")
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
NAMES = re.compile(r"\s*(?:[,;&/]|\band\b)\s*")
SUFFIX = re.compile(r"(?:Jr|Sr)\.?|I{2,3}|IV", re.IGNORECASE)
KEYS = {
    "year": "year",
    "release year": "year",
    "year of release": "year",
    "director": "directors",
    "directors": "directors",
    "director(s)": "directors",
    "directed by": "directors",
    "stars": "stars",
    "starring": "stars",
    "cast": "stars",
    "main cast": "stars",
}


def names(value):
    found = []
    for part in filter(None, NAMES.split(" ".join(value.split()))):
        if found and SUFFIX.fullmatch(part):
            found[-1] += ", " + part
        else:
            found.append(part)
    return found


def parse(text):
    page = {"title": None, "year": None, "directors": [], "stars": [], "credits": {}}
    for raw in BREAK.split(text.removeprefix("\ufeff")):
        line = " ".join(raw.split())
        if not line or (page["title"] is None and CRUMBS.fullmatch(line)):
            continue
        if page["title"] is None:
            page["title"] = re.sub(r"\s*[(\[](?:18|19|20)\d\d[)\]]$", "", line)
        elif (credit := CREDIT.fullmatch(line)) and credit[1] not in page["credits"]:
            page["credits"][credit[1]] = credit[2]
            field = KEYS.get(credit[1].casefold())
            if field == "year" and (year := YEAR.search(credit[2])):
                page["year"] = int(year[1])
            elif field and field != "year" and not page[field]:
                page[field] = names(credit[2])
    return page


def convert(line):
    row = json.loads(line)
    return json.dumps({"id": row["id"], **parse(row["text"])}, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("out")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    with (
        Path(args.dump).open(encoding="utf-8") as rows,
        Path(args.out).open("w", encoding="utf-8") as out,
        Pool(args.jobs) as pool,
    ):
        out.writelines(pool.imap(convert, rows, chunksize=64))
