"""The pages' files: read once from the package's static folder and compressed once; a name not among them gets
404, so no path outside that folder is ever served."""

from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from lan_server.web import words

STATIC = Path(__file__).parent / "static"
TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html", ".json": "application/json",
         ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml", ".png": "image/png"}


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    content_type: str
    etag: str


def _asset(name: str, body: bytes) -> Asset:
    suffix = Path(name).suffix
    content_type = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Asset(body, gzip.compress(body, 9, mtime=0), content_type, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')


def load() -> dict[str, Asset]:
    found = {p.name: _asset(p.name, p.read_bytes()) for p in sorted(STATIC.iterdir()) if p.is_file()}
    for lang in words.LANGUAGES:  # the pages' words, one small file per language
        body = json.dumps(words.catalog(lang), ensure_ascii=False, sort_keys=True).encode("utf-8")
        found[f"words-{lang}.json"] = _asset(f"words-{lang}.json", body)
    return found


class Assets:
    def __init__(self) -> None:
        self.files = load()

    def version(self) -> str:
        """Changes with any file: the offline copy of the pages (sw.js) is renewed when it does."""
        return hashlib.sha256("".join(a.etag for a in self.files.values()).encode()).hexdigest()[:12]

    def answer(self, request: web.Request, name: str) -> web.Response:
        asset = self.files.get(name)
        if asset is None:
            raise web.HTTPNotFound()
        head = {"ETag": asset.etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
        if request.headers.get("If-None-Match") == asset.etag:
            return web.Response(status=304, headers=head)
        body = asset.body
        if "gzip" in request.headers.get("Accept-Encoding", "") and len(asset.gzipped) < len(body):
            body, head["Content-Encoding"] = asset.gzipped, "gzip"
        return web.Response(body=body, headers=head, content_type=asset.content_type,
                            charset="utf-8" if asset.content_type.startswith(("text/", "application/")) else None)
