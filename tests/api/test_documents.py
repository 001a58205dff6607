"""Uploading, listing, reading and deleting articles over HTTP, on a store of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from api_support import LIGHTHOUSE, LiveServer

from assistant.api import create_app
from assistant.service import Assistant

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def documents(blank_assistant: Assistant) -> Iterator[httpx.Client]:
    app = create_app(blank_assistant, blank_assistant.settings)
    with LiveServer(app) as live, live.client() as http:
        yield http


def test_an_empty_index_is_not_ready(make_assistant: Callable[..., Assistant]) -> None:
    empty = make_assistant()
    with LiveServer(create_app(empty, empty.settings)) as live, live.client() as http:
        ready = http.get("/readyz")
        assert http.get("/healthz").status_code == 200
    assert ready.status_code == 503
    assert ready.json()["status"] == "empty" and "POST /api/v1/documents" in ready.json()["detail"]


def test_upload_list_ask_and_delete(documents: httpx.Client) -> None:
    files = [("files", ("lighthouse.md", LIGHTHOUSE, "text/markdown"))]
    uploaded = documents.post("/api/v1/documents", files=files)
    assert uploaded.status_code == 201, uploaded.text
    result = uploaded.json()
    assert result["articles"] == 1 and result["added"] >= 1 and result["skipped"] == []
    [info] = result["documents"]
    assert info["source"] == "lighthouse.md" and info["title"] == "Harbour lighthouse reopens"
    assert documents.get("/api/v1/documents").json() == [info]
    assert documents.get("/readyz").status_code == 200

    article = documents.get(f"/api/v1/documents/{info['id']}").json()
    assert article["text"] == LIGHTHOUSE.decode()
    answer = documents.post(
        "/api/v1/ask", json={"question": "Who lit the lighthouse lamp in Port Elwin?"}
    ).json()
    assert "Mara Olsen" in answer["answer"]
    assert answer["citations"][0]["source"] == "lighthouse.md"

    assert documents.delete(f"/api/v1/documents/{info['id']}").status_code == 204
    assert documents.get("/api/v1/documents").json() == []
    assert documents.delete(f"/api/v1/documents/{info['id']}").status_code == 404


def test_re_uploading_a_changed_article_replaces_it(documents: httpx.Client) -> None:
    first = [("files", ("notice.txt", b"The bridge closes on Monday for repairs.\n"))]
    second = [("files", ("notice.txt", b"The bridge closes on Friday for repairs.\n"))]
    documents.post("/api/v1/documents", files=first)
    replaced = documents.post("/api/v1/documents", files=second).json()
    assert replaced["removed"] >= 1 and replaced["added"] >= 1
    [info] = [d for d in documents.get("/api/v1/documents").json() if d["source"] == "notice.txt"]
    assert "Friday" in documents.get(f"/api/v1/documents/{info['id']}").json()["text"]
    documents.delete(f"/api/v1/documents/{info['id']}")


def test_an_unsupported_file_type_is_415_and_nothing_is_ingested(documents: httpx.Client) -> None:
    files = [
        ("files", ("good.txt", b"A fine article about the harbour.\n")),
        ("files", ("report.pdf", b"%PDF-1.7 ...")),
    ]
    response = documents.post("/api/v1/documents", files=files)
    assert response.status_code == 415
    error = response.json()["error"]
    assert error["code"] == "unsupported_file_type" and "report.pdf" in error["message"]
    assert ".txt" in error["message"]
    assert documents.get("/api/v1/documents").json() == []


def test_unreadable_files_are_reported(documents: httpx.Client) -> None:
    only_bad = [
        ("files", ("empty.txt", b"   ")),
        ("files", ("latin1.txt", "café".encode("cp1252"))),
    ]
    response = documents.post("/api/v1/documents", files=only_bad)
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "empty.txt: is empty" in message and "latin1.txt: is not valid UTF-8" in message

    mixed = [("files", ("empty.txt", b"")), ("files", ("ok.txt", b"The ferry runs daily.\n"))]
    result = documents.post("/api/v1/documents", files=mixed).json()
    assert [d["source"] for d in result["documents"]] == ["ok.txt"]
    assert result["skipped"] == [{"file": "empty.txt", "reason": "is empty"}]
    documents.delete(f"/api/v1/documents/{result['documents'][0]['id']}")


def test_upload_names_lose_their_directories(documents: httpx.Client) -> None:
    files = [("files", ("../../etc/escape.txt", b"The tide was high at noon.\n"))]
    result = documents.post("/api/v1/documents", files=files).json()
    assert [d["source"] for d in result["documents"]] == ["escape.txt"]
    documents.delete(f"/api/v1/documents/{result['documents'][0]['id']}")


def test_an_upload_without_files_is_422(documents: httpx.Client) -> None:
    response = documents.post("/api/v1/documents", data={"note": "no files"})
    assert response.status_code == 422 and response.json()["error"]["param"] == "files"
