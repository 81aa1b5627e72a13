"""The users file of `AUTH=basic`, and its command line.

One user a line, `NAME:HASH`, where HASH is Werkzeug's `generate_password_hash` (scrypt by default,
pbkdf2 accepted); blank lines and lines starting with `#` are kept as they are.

    python -m serving.users add NAME [--file PATH] [--password-stdin]
    python -m serving.users remove NAME [--file PATH]

PATH defaults to $AUTH_USERS_FILE. `add` asks for the password twice (or reads one line from
standard input with --password-stdin) and adds the user or replaces the user's password.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
import tempfile
from pathlib import Path

from werkzeug.security import generate_password_hash

from serving.errors import AuthConfigError

USERS_FILE_ENV = "AUTH_USERS_FILE"
NAME_RE = re.compile(r"^[^\s:#][^\s:]*$")
HASH_RE = re.compile(r"^(scrypt|pbkdf2)(:[A-Za-z0-9]+)*\$[^$\s]+\$[0-9a-f]+$")


def parse_line(path: Path, number: int, line: str) -> tuple[str, str] | None:
    """`(name, hash)` of one line, None for a blank or comment line; AuthConfigError when malformed."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    name, sep, password_hash = text.partition(":")
    if not sep or not name:
        raise AuthConfigError("bad_line", path=path, line=number)
    if not NAME_RE.match(name):
        raise AuthConfigError("bad_name", path=path, line=number, name=name)
    if not HASH_RE.match(password_hash):
        raise AuthConfigError("bad_hash", path=path, line=number, name=name)
    return name, password_hash


def read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise AuthConfigError("users_file_missing", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise AuthConfigError("users_file_unreadable", path=path, reason=reason) from None


def parse_users(path: Path, lines: list[str]) -> dict[str, str]:
    users: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        parsed = parse_line(path, number, line)
        if parsed is None:
            continue
        name, password_hash = parsed
        if name in users:
            raise AuthConfigError("duplicate_user", path=path, line=number, name=name, first=first_line[name])
        users[name] = password_hash
        first_line[name] = number
    return users


def read_users(path: str | os.PathLike) -> dict[str, str]:
    """name -> password hash; AuthConfigError naming file and line for anything malformed."""
    path = Path(path)
    users = parse_users(path, read_lines(path))
    if not users:
        raise AuthConfigError("no_users", path=path)
    return users


def write_lines(path: Path, lines: list[str]) -> None:
    """Replace the file in one step (a reader never sees half a file); new files are 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("".join(f"{line}\n" for line in lines))
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def set_user(path: Path, name: str, password: str) -> bool:
    """Add `name` or replace its hash; True when the user was new."""
    lines = read_lines(path) if path.exists() else ["# Users of HSO-nøkkeltall (AUTH=basic): NAME:HASH"]
    parse_users(path, lines)  # refuse to rewrite a file that is already broken
    entry = f"{name}:{generate_password_hash(password)}"
    for i, line in enumerate(lines):
        parsed = parse_line(path, i + 1, line)
        if parsed and parsed[0] == name:
            lines[i] = entry
            write_lines(path, lines)
            return False
    write_lines(path, [*lines, entry])
    return True


def remove_user(path: Path, name: str) -> bool:
    lines = read_lines(path)
    parse_users(path, lines)
    kept = [line for i, line in enumerate(lines) if (parse_line(path, i + 1, line) or ("",))[0] != name]
    if len(kept) == len(lines):
        return False
    write_lines(path, kept)
    return True


def ask_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Passord / Password: ")
    second = getpass.getpass("Gjenta / Repeat: ")
    if first != second:
        raise SystemExit("serving.users: passordene er ulike / the passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m serving.users", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add a user or change a user's password")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    remove = commands.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    for sub in (add, remove):
        sub.add_argument("--file", default=os.environ.get(USERS_FILE_ENV), help=f"default: ${USERS_FILE_ENV}")
    args = parser.parse_args(argv)

    if not args.file:
        parser.error(f"give --file PATH or set {USERS_FILE_ENV}")
    if not NAME_RE.match(args.name):
        parser.error(f"invalid user name {args.name!r} (no spaces or colons)")
    path = Path(args.file)
    try:
        if args.command == "add":
            password = ask_password(args.password_stdin)
            if not password:
                raise SystemExit("serving.users: tomt passord / empty password")
            new = set_user(path, args.name, password)
            print(f"{'La til' if new else 'Endret passordet til'} «{args.name}» i {path}")
        elif not remove_user(path, args.name):
            print(f"serving.users: «{args.name}» finnes ikke i {path}", file=sys.stderr)
            return 1
        else:
            print(f"Fjernet «{args.name}» fra {path}")
    except AuthConfigError as exc:
        print(f"serving.users: {exc.text('nb')}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
