"""Login settings that cannot work, worded in bokmål ("nb") and English ("en") like data/messages.py."""

from __future__ import annotations

# code -> (bokmål, English)
TEMPLATES: dict[str, tuple[str, str]] = {
    "unknown_auth": (
        "AUTH={value} er ukjent (bruk basic eller oidc, eller la AUTH være tom for åpen tilgang)",
        "AUTH={value} is unknown (use basic or oidc, or leave AUTH unset for open access)",
    ),
    "no_users_file": (
        "AUTH=basic krever AUTH_USERS_FILE (stien til brukerfilen)",
        "AUTH=basic needs AUTH_USERS_FILE (the path of the users file)",
    ),
    "users_file_missing": ("Finner ikke brukerfilen «{path}»", 'Cannot find the users file "{path}"'),
    "users_file_unreadable": (
        "Kan ikke lese brukerfilen «{path}»: {reason}",
        'Cannot read the users file "{path}": {reason}',
    ),
    "no_users": (
        "Brukerfilen «{path}» har ingen brukere (legg til med: python -m serving.users add NAVN)",
        'The users file "{path}" has no users (add one with: python -m serving.users add NAME)',
    ),
    "bad_line": (
        "{path}:{line}: ventet NAVN:HASH",
        "{path}:{line}: expected NAME:HASH",
    ),
    "bad_name": (
        "{path}:{line}: ugyldig brukernavn «{name}» (ingen mellomrom eller kolon)",
        '{path}:{line}: invalid user name "{name}" (no spaces or colons)',
    ),
    "bad_hash": (
        "{path}:{line}: passordet til «{name}» er ikke en scrypt- eller pbkdf2-hash "
        "fra python -m serving.users",
        '{path}:{line}: the password of "{name}" is not a scrypt or pbkdf2 hash from python -m serving.users',
    ),
    "duplicate_user": (
        "{path}:{line}: brukeren «{name}» står også på linje {first}",
        '{path}:{line}: user "{name}" is also on line {first}',
    ),
    "missing_setting": ("AUTH=oidc krever {name}", "AUTH=oidc needs {name}"),
    "short_secret": (
        "SECRET_KEY må være minst {length} tegn (lag en med: "
        "python -c 'import secrets; print(secrets.token_hex(32))')",
        "SECRET_KEY must be at least {length} characters (make one with: "
        "python -c 'import secrets; print(secrets.token_hex(32))')",
    ),
    "bad_issuer": (
        "OIDC_ISSUER={value} er ikke en http(s)-adresse",
        "OIDC_ISSUER={value} is not an http(s) address",
    ),
}


def render(code: str, lang: str = "nb", **params: object) -> str:
    nb, en = TEMPLATES[code]
    return (en if lang == "en" else nb).format(**params)


class AuthConfigError(Exception):
    """The login settings cannot work: the app refuses to start (`app.py` exits 2 with `text()`)."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(render(code, "nb", **params))

    def text(self, lang: str = "nb") -> str:
        return render(self.code, lang, **self.params)
