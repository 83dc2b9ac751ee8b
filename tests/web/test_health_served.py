"""Against a running `madoguchi serve`: readiness and liveness as the load balancer sees them.

Before, a server whose disk was full answered 500 to every write while
`/healthz` said "ok", so traffic kept coming to it.
"""

from __future__ import annotations

import httpx
import pytest

from tests.booking.served import Served, fresh_database, server_env

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("min_free_mb", "ready"), [("1", 200), (str(10**9), 503)])  # a petabyte free: no disk has it
def test_readiness_follows_the_disk_while_liveness_stays(tmp_path, min_free_mb, ready):
    with fresh_database(tmp_path) as url:
        server = Served(server_env(url, tmp_path / "data", MADOGUCHI_HEALTH_MIN_FREE_MB=min_free_mb), workers=1)
        server.start()
        try:
            for path in ("/healthz", "/healthz/ready"):
                response = httpx.get(server.url + path, timeout=30)
                assert response.status_code == ready, response.text
                assert response.json()["disk"] == ("ok" if ready == 200 else "low")
                assert response.json()["database"] == ("postgresql" if url.startswith("postgres") else "sqlite")
            assert httpx.get(server.url + "/healthz/live", timeout=30).json() == {"status": "ok"}
        finally:
            server.stop()
