"""Operations from the command line: python -m filing_app.cli <command>.

  migrate                 apply the database migrations (alembic upgrade head)
  seed-demo               load the demo data once (idempotent) and print the demo logins
  create-admin            create the national administrator of a new deployment
  makemigration MESSAGE   write a migration for model changes (developers)
"""

from __future__ import annotations

import argparse
import getpass
import sys

from alembic import command
from alembic.config import Config

from filing_app.settings import PROJECT_ROOT, get_settings


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes["url"] = url or get_settings().database_url
    return cfg


def migrate(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m filing_app.cli", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate")
    sub.add_parser("seed-demo")
    admin = sub.add_parser("create-admin")
    admin.add_argument("--username", required=True)
    admin.add_argument("--name", default="国家管理员")
    admin.add_argument("--phone", default=None)
    mk = sub.add_parser("makemigration")
    mk.add_argument("message")
    mk.add_argument("--rev-id", default=None)
    args = parser.parse_args(argv)

    if args.command == "migrate":
        migrate()
        return 0
    if args.command == "seed-demo":
        from filing_app.demo import print_logins, seed_demo

        seed_demo()
        print_logins()
        return 0
    if args.command == "create-admin":
        from filing_app.db import session_scope
        from filing_app.services import staff_accounts
        from filing_app.services.errors import ServiceError

        password = getpass.getpass("新管理员密码：")
        confirm = getpass.getpass("再次输入密码：")
        try:
            with session_scope() as session:
                staff_accounts.create_first_admin(session, args.username, password, confirm, args.name, args.phone)
        except ServiceError as exc:
            details = "；".join(exc.field_errors.values())
            print(f"创建失败：{exc.message}{'：' + details if details else ''}", file=sys.stderr)
            return 1
        print(f"已创建国家管理员 {args.username}")
        return 0
    if args.command == "makemigration":
        command.revision(alembic_config(), message=args.message, autogenerate=True, rev_id=args.rev_id)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
