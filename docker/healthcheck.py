"""Health check of the web service: GET /healthz?scope=web from gunicorn, as the proxy would.

Exits 0 when the portal answers 200 (its database and cache answer too), 1 otherwise. Only the
web scope: the worker and beat wait for a healthy web before they start, so the full /healthz
(which also wants their heartbeats) would never turn healthy at the first start. The request
carries the first of ALLOWED_HOSTS as its host and says it came over HTTPS, so neither the host
check nor the HTTPS redirect of the production settings turns it away.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def portal_host(allowed_hosts: str) -> str:
    """A host name the portal accepts: the first of ALLOWED_HOSTS (".aer.eu" gives "aer.eu")."""
    for host in allowed_hosts.split(","):
        host = host.strip()
        if host and host != "*":
            return host.lstrip(".")
    return "localhost"


def main() -> int:
    request = urllib.request.Request(
        "http://127.0.0.1:8000/healthz?scope=web",
        headers={
            "Host": portal_host(os.environ.get("ALLOWED_HOSTS", "")),
            "X-Forwarded-Proto": "https",
        },
    )
    try:
        # A fixed http URL on the loopback, not one from input.
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            status = int(response.status)
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        print(f"healthz: {error}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"healthz: answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
