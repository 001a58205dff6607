"""Story grouping over a store: how many stories, how many carried by several outlets, and a
random sample of grouped pairs to check by hand (precision of the grouping).

    .venv/bin/python benchmarks/stories.py --data-dir .cache/scale/store-3788/data \
        --pairs 50 --seed 2026 [--regroup]

--regroup drops the store's story records and groups every article again (as an ingest of
the same articles would), timing it.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from pathlib import Path

from assistant.catalog import Catalog, catalog_file
from assistant.ingest.stories import group_stories
from assistant.settings import load_settings
from assistant.store import ChunkStore
from assistant.types import ArticleInfo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--collection", default="articles")
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--regroup", action="store_true")
    args = parser.parse_args()
    data = load_settings(data={"dir": args.data_dir, "collection": args.collection}).data
    if args.regroup:
        catalog = Catalog(catalog_file(data.dir, data.collection))
        with catalog.reading() as db, db:
            db.execute("DELETE FROM stories")
        model = catalog.get_meta("embedding_model") or ""
        store = ChunkStore(data, model_id=model)
        started = time.perf_counter()
        grouped = group_stories(store)
        print(f"grouped {grouped} articles in {time.perf_counter() - started:.1f} s")
    infos = Catalog(catalog_file(data.dir, data.collection)).infos()
    stories: dict[int, list[ArticleInfo]] = {}
    for info in infos:
        if info.story is not None and info.story_size > 1:
            stories.setdefault(info.story, []).append(info)
    several = [m for m in stories.values() if len({i.outlet for i in m}) > 1]
    sizes = [len(m) for m in stories.values()]
    print(
        f"articles {len(infos)}; stories of 2+ articles {len(stories)} "
        f"({sum(sizes)} articles, largest {max(sizes, default=0)}); "
        f"of 2+ outlets {len(several)}; copies {sum(1 for i in infos if i.copy_of)}"
    )
    pairs = [pair for members in stories.values() for pair in itertools.combinations(members, 2)]
    random.seed(args.seed)
    for n, (a, b) in enumerate(random.sample(pairs, min(args.pairs, len(pairs))), start=1):
        print(
            f"{n:3d}  {a.outlet or '-':10.10} {a.date} | {b.outlet or '-':10.10} {b.date} | "
            f"{a.title[:55]:55} | {b.title[:55]}"
        )


if __name__ == "__main__":
    main()
