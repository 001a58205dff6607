"""``/api/v1/documents``: list, read, upload and delete the indexed articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING, Annotated, TypeVar

from fastapi import APIRouter, File, Response, UploadFile

from assistant.api.blocking import in_thread
from assistant.api.errors import APIError, error_responses
from assistant.api.schemas import IngestResult, SkippedFile
from assistant.ingest import SUPPORTED_SUFFIXES, unsupported_type
from assistant.types import Article, ArticleInfo, article_id
from assistant.writelock import StoreBusy

if TYPE_CHECKING:
    from assistant.ingest import IngestReport
    from assistant.service import Assistant

T = TypeVar("T")


def documents_router(assistant: Assistant) -> APIRouter:
    """The corpus routes over ``assistant``."""
    router = APIRouter(prefix="/documents", tags=["documents"])

    @router.get("")
    async def list_documents() -> list[ArticleInfo]:
        """The indexed articles, with their ids."""
        return await in_thread(assistant.documents)

    @router.get("/{document_id}", responses=error_responses(404))
    async def get_document(document_id: str) -> Article:
        """One article with its full text: citation offsets point into ``text``."""
        info = await _find(assistant, document_id)
        article = await in_thread(lambda: assistant.article(info.source))
        if article is None:  # deleted between the two reads
            raise _unknown_document(document_id)
        return article

    @router.post("", status_code=201, responses=error_responses(409, 413, 415, 422))
    async def upload_documents(
        files: Annotated[
            list[UploadFile], File(min_length=1, description="Article files to ingest.")
        ],
    ) -> IngestResult:
        """Ingest uploaded .txt, .md or .html articles (multipart field ``files``).

        A file with the same name as an uploaded article replaces it; one named like an
        article ingested from a folder, or like another file of the same upload, is listed in
        ``skipped``. Nothing is ingested when any file has an unsupported type (415) or
        another process is writing to the store (409); files that cannot be read are listed
        in ``skipped``, and when no file could be read the answer is 422.
        """
        uploads = [(_file_name(upload), await upload.read()) for upload in files]
        _check_types([name for name, _ in uploads])
        report = await in_thread(lambda: _writing(lambda: assistant.ingest_uploads(uploads)))
        result = await in_thread(lambda: _result(assistant, report, uploads))
        if not result.documents and result.skipped:
            raise APIError(
                422,
                "no_readable_file",
                "No file could be ingested: "
                + "; ".join(f"{s.file}: {s.reason}" for s in result.skipped),
                param="files",
            )
        return result

    @router.delete("/{document_id}", status_code=204, responses=error_responses(404, 409))
    async def delete_document(document_id: str) -> Response:
        """Remove an article and its chunks from the index (409 while another process is
        writing to the store)."""
        if not await in_thread(lambda: _writing(lambda: assistant.delete_document(document_id))):
            raise _unknown_document(document_id)
        return Response(status_code=204)

    return router


def _writing(write: Callable[[], T]) -> T:
    """Run a write; 409 ``store_busy`` when another process holds the store's write lock."""
    try:
        return write()
    except StoreBusy as exc:
        raise APIError(409, "store_busy", str(exc)) from None


async def _find(assistant: Assistant, document_id: str) -> ArticleInfo:
    for info in await in_thread(assistant.documents):
        if info.id == document_id:
            return info
    raise _unknown_document(document_id)


def _unknown_document(document_id: str) -> APIError:
    return APIError(
        404,
        "document_not_found",
        f"No article has the id {document_id!r}; GET /api/v1/documents lists them.",
        param="document_id",
    )


def _file_name(upload: UploadFile) -> str:
    # Keep only the last path component: a client-chosen "../x.txt" must not name a path.
    name = PurePath((upload.filename or "").replace("\\", "/")).name
    if not name:
        raise APIError(422, "missing_file_name", "Every uploaded file needs a name.", param="files")
    return name


def _check_types(names: list[str]) -> None:
    unsupported = [n for n in names if unsupported_type(n) is not None]
    if unsupported:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise APIError(
            415,
            "unsupported_file_type",
            f"Unsupported file type: {', '.join(unsupported)}. Supported: {kinds}.",
            param="files",
        )


def _result(
    assistant: Assistant, report: IngestReport, uploads: list[tuple[str, bytes]]
) -> IngestResult:
    skipped = [SkippedFile(file=s.path.name, reason=s.reason) for s in report.skipped]
    sent = Counter(name for name, _ in uploads)
    refused = Counter(s.file for s in skipped)
    ingested = {article_id(name) for name in sent if sent[name] > refused[name]}
    return IngestResult(
        articles=report.articles,
        added=report.added,
        removed=report.removed,
        unchanged=report.unchanged,
        documents=[info for info in assistant.documents() if info.id in ingested],
        skipped=skipped,
    )
