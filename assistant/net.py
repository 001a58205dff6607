"""Network facts shared by the adapters that bind a port (UI and HTTP API)."""

from __future__ import annotations

import ipaddress

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or name) only accepts connections from this machine."""
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        # Any other name may resolve to a public address: treat it as exposed.
        return False


def exposure_problems(
    host: str, *, api_token: bool | None = None, ui_login: bool | None = None
) -> list[str]:
    """Why serving on ``host`` would let strangers in: the one rule that ``assistant serve``,
    ``assistant ui``, ``create_app`` and the UI launcher all apply.

    Beyond loopback, the API (when served: ``api_token`` not None) needs a token and the web UI
    (when served: ``ui_login`` not None) needs a login, since it cannot check the API's token.
    Empty when nothing is exposed unguarded.
    """
    if is_loopback(host):
        return []
    problems = []
    if api_token is False:
        problems.append(
            f"Refusing to listen on {host} without an API token: anyone who can reach this "
            "address could read and change the corpus. Set ASSISTANT_API_TOKEN (clients then "
            "send 'Authorization: Bearer <token>'), or bind 127.0.0.1."
        )
    if ui_login is False:
        problems.append(
            f"Refusing to serve the web UI on {host} without a login: anyone who can reach "
            "this address could read the articles and add to them. Set "
            "ASSISTANT_UI_USERNAME and ASSISTANT_UI_PASSWORD, or bind 127.0.0.1."
        )
    return problems


_WILDCARDS = frozenset({"", "0.0.0.0", "::"})
_LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def host_name(authority: str) -> str:
    """The host of a ``Host`` header or an origin's authority, without port or brackets."""
    authority = authority.strip().lower()
    if authority.startswith("["):  # [::1]:8080
        return authority[1:].partition("]")[0]
    if authority.count(":") == 1:  # name:port; more colons is a bare IPv6 address
        return authority.partition(":")[0]
    return authority


def allowed_hosts(bound: str, configured: tuple[str, ...]) -> frozenset[str] | None:
    """The names clients may call the server by (``Host`` header), or None for any.

    A server bound to loopback answers only to loopback names, the bound address and the
    names the user configured: a page whose own name was re-pointed at 127.0.0.1 (DNS
    rebinding) sends its own name and is refused. Bound to every interface with no names
    configured, any name is accepted (such a server needs a token anyway); ``*`` configured
    accepts any name too.
    """
    names = {host_name(name) for name in configured if name.strip()}
    if "*" in names or (host_name(bound) in _WILDCARDS and not names):
        return None
    return frozenset({*names, host_name(bound), *_LOOPBACK_HOSTS})


def host_allowed(header: str | None, allowed: frozenset[str] | None) -> bool:
    """Whether a request's ``Host`` header names this server (see ``allowed_hosts``)."""
    if allowed is None:
        return True
    return header is not None and host_name(header) in allowed
