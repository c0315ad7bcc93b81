"""A second cluster for what the session's trusting one cannot show: passwords and TLS.

Its superuser still connects by trust from loopback (to set it up); the officer's user
``officer`` only over TLS and with a password (scram-sha-256). Its certificate is signed
by a CA made here with openssl and names 127.0.0.1, so ``sslmode=verify-full`` holds.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import pg_server as pg

OFFICER, OFFICER_PASSWORD = "officer", "correct horse battery"


def make_ca(folder: Path, name: str) -> tuple[Path, Path]:
    key, cert = folder / f"{name}.key", folder / f"{name}.crt"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", f"/CN={name}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return key, cert


def make_server_certificate(folder: Path, ca_key: Path, ca_cert: Path) -> tuple[Path, Path]:
    key, request, cert = folder / "server.key", folder / "server.csr", folder / "server.crt"
    extensions = folder / "san.ext"
    extensions.write_text("subjectAltName = IP:127.0.0.1, DNS:localhost\n")
    subprocess.run(
        ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(request)],
        check=True, capture_output=True,
    )
    subprocess.run(
        ["openssl", "x509", "-req", "-in", str(request), "-CA", str(ca_cert), "-CAkey",
         str(ca_key), "-CAcreateserial", "-days", "2", "-extfile", str(extensions),
         "-out", str(cert)],
        check=True, capture_output=True,
    )
    return key, cert


@dataclass
class SecuredServer:
    server: pg.TestServer
    ca_cert: Path
    other_ca_cert: Path
    database: str

    def officer_url(self, **query: str) -> str:
        return self.server.url(self.database, user=OFFICER, **query)


@pytest.fixture(scope="module")
def secured_server(tmp_path_factory: pytest.TempPathFactory, pg_server) -> Iterator[SecuredServer]:
    # pg_server first: without binaries it skips (or fails in CI) with the reason.
    folder = tmp_path_factory.mktemp("tls")
    ca_key, ca_cert = make_ca(folder, "desk-test-ca")
    _other_key, other_ca_cert = make_ca(folder, "someone-elses-ca")

    def prepare(root: Path) -> None:
        key, cert = make_server_certificate(folder, ca_key, ca_cert)
        for source, name in ((key, "server.key"), (cert, "server.crt")):
            target = root / "data" / name
            target.write_bytes(source.read_bytes())
            target.chmod(0o600)
            pg.chown_to_server_user(target)

    server = pg.start_server(
        extra_config="ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"
        "password_encryption = 'scram-sha-256'\n",
        hba_lines=(
            "host all postgres 127.0.0.1/32 trust",
            f"hostssl all {OFFICER} 127.0.0.1/32 scram-sha-256",
        ),
        prepare=prepare,
    )
    try:
        database = server.create_database(name="desk")
        server.execute(
            f"CREATE ROLE {OFFICER} LOGIN PASSWORD '{OFFICER_PASSWORD}'",
            f"GRANT ALL ON DATABASE desk TO {OFFICER}",
            f"ALTER DATABASE desk OWNER TO {OFFICER}",
        )
        yield SecuredServer(server, ca_cert, other_ca_cert, database)
    finally:
        pg.remove_server(server)
