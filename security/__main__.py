"""Account administration on the server's console (for a lost admin password).

python -m security reset-password NAME   a new one-time password for NAME
python -m security create-admin NAME     a new admin account with a one-time password
python -m security first-admin           on a database without accounts: create "admin"
"""

from __future__ import annotations

import argparse
import sys

from security.signin import (
    FIRST_ADMIN,
    FIRST_ADMIN_NOTICE,
    create_account,
    ensure_first_admin,
    normal_name,
    reset_password,
)
from storage.accounts import AccountError, get_account
from storage.db import Database, default_db_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m security", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["reset-password", "create-admin", "first-admin"])
    parser.add_argument("name", nargs="?", default=FIRST_ADMIN)
    args = parser.parse_args(argv)
    db = Database(default_db_path())
    name = normal_name(args.name)
    try:
        if args.action == "first-admin":
            password = ensure_first_admin(db)
            if password is None:
                return 0  # an account exists: nothing to print
            print(FIRST_ADMIN_NOTICE.format(name=FIRST_ADMIN, password=password))
            return 0
        elif args.action == "reset-password":
            if get_account(db, name) is None:
                print(f"no account {name!r} in {db.path}", file=sys.stderr)
                return 2
            password = reset_password(db, name, actor="console")
        else:
            password = create_account(db, name, name, [("admin", "")], actor="console")
    except AccountError as err:
        print(str(err), file=sys.stderr)
        return 2
    finally:
        db.close()
    print(f"account: {name}\none-time password: {password}\n(it must be changed at sign-in)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
