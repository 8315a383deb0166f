"""``python -m demo --db PATH --size default --seed 7 --locale zh_CN [--replace] [--remove]``."""

from __future__ import annotations

import argparse
import sys

from demo import DemoError, generate, remove, try_tokens
from demo.config import SIZES
from storage.db import Database, default_db_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument("--db", default=str(default_db_path()), help="database file")
    parser.add_argument("--size", choices=SIZES, default="default")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--locale", choices=("zh_CN", "en"), default="zh_CN")
    parser.add_argument("--replace", action="store_true", help="replace an existing demo world")
    parser.add_argument("--remove", action="store_true", help="only remove the demo world")
    args = parser.parse_args(argv)
    db = Database(args.db)
    try:
        if args.remove:
            removed = remove(db)
            print(f"removed {sum(removed.values()):,} demo rows from {args.db}")
            return 0

        def show(fraction: float, message: str) -> None:
            print(f"\r[{fraction:4.0%}] {message:<50}", end="", flush=True)

        summary = generate(
            db,
            size=args.size,
            seed=args.seed,
            locale=args.locale,
            progress=show,
            replace=args.replace,
        )
        print()
        print("\n".join(summary.lines()))
        tokens = try_tokens(db, args.seed)
        if tokens:
            print("try-it invitation codes (open phase):", ", ".join(tokens))
        return 0
    except DemoError as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return 2
    finally:
        db.close()


if __name__ == "__main__":
    sys.exit(main())
