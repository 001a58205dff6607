"""/docs and /redoc work offline (issue 13 item 14): every script, style and icon the pages
load comes from this server, out of the pinned ``fastapi-offline`` package."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import httpx
import pytest
from api_support import TOKEN, LiveServer, api_settings

from assistant.api import create_app
from assistant.api.docs import ASSETS_PATH, assets_dir
from assistant.service import Assistant

PYPROJECT = Path(__file__).parents[2] / "pyproject.toml"
# What each page must load, and a string only the real file holds.
NEEDED = {
    "/docs": {"swagger-ui-bundle.js": "SwaggerUIBundle", "swagger-ui.css": ".swagger-ui"},
    "/redoc": {"redoc.standalone.js": "Redoc"},
}


@pytest.fixture(scope="module")
def client(blank_assistant: Assistant) -> Iterator[httpx.Client]:
    """The pages need no article: an app over an empty store."""
    with (
        LiveServer(create_app(blank_assistant, blank_assistant.settings)) as live,
        live.client() as http,
    ):
        yield http


def loaded_urls(html: str) -> list[str]:
    """Every address a page loads by itself: src, href and spec-url attributes, url: in scripts."""
    found = re.findall(r"""(?:src|href|spec-url)\s*=\s*["']([^"']+)["']""", html)
    found += re.findall(r"""url\s*:\s*["']([^"']+)["']""", html)
    return found


@pytest.mark.integration
@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_reference_pages_load_only_local_assets(client: httpx.Client, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    urls = loaded_urls(response.text)
    assert urls, response.text
    assert all(not re.match(r"(?i)^(https?:)?//", url) for url in urls), urls
    assert "/openapi.json" in urls
    for name, marker in NEEDED[page].items():
        assert f"{ASSETS_PATH}/{name}" in urls
        asset = client.get(f"{ASSETS_PATH}/{name}")
        assert asset.status_code == 200, name
        assert marker in asset.text and len(asset.content) > 100_000
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.integration
def test_the_swagger_oauth_redirect_and_schema_are_served(client: httpx.Client) -> None:
    assert client.get("/docs/oauth2-redirect").status_code == 200
    schema = client.get("/openapi.json").json()
    assert not any(path.startswith(("/docs", "/redoc")) for path in schema["paths"])


@pytest.mark.unit
def test_the_assets_come_from_the_pinned_package() -> None:
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    [pin] = [d for d in dependencies if d.startswith("fastapi-offline")]
    assert pin == f"fastapi-offline=={version('fastapi-offline')}"
    names = {p.name for p in assets_dir().iterdir()}
    assert {"swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"} <= names


@pytest.mark.integration
def test_the_pages_need_no_token(blank_assistant: Assistant) -> None:
    settings = api_settings(blank_assistant.settings.data.dir, token=TOKEN)
    with LiveServer(create_app(blank_assistant, settings)) as live, live.client() as http:
        for url in ("/docs", "/redoc", f"{ASSETS_PATH}/swagger-ui.css", "/openapi.json"):
            assert http.get(url).status_code == 200, url
        assert http.get("/api/v1/documents").status_code == 401
