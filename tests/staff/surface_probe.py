"""Run in a fresh process with MADOGUCHI_SURFACE set (test_surfaces.py does it):
print, as JSON, what that process serves.

    python -m tests.staff.surface_probe < paths.json

- `urls`: an example path for every URL pattern (converters filled with samples);
- `api_paths`: the OpenAPI document's paths, with path parameters filled;
- `schema_text`: the OpenAPI document, to search it for staff-only names;
- `resolves`: for each path given on stdin, whether this process would serve it.
"""

from __future__ import annotations

import json
import os
import re
import sys

SAMPLES = {"lang": "ja", "translated": "ja", "int": "1", "uuid": "00000000-0000-0000-0000-000000000001"}


def example(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), route)


def walk(patterns, prefix: str = ""):
    from django.urls import URLPattern, URLResolver

    for p in patterns:
        route = str(p.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern):
            yield "/" + example(prefix + route)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.settings.test")
    import django

    django.setup()
    from django.urls import Resolver404, get_resolver, resolve

    from madoguchi.api.main import api

    schema = api.get_openapi_schema()
    api_paths = ["/api/v1" + re.sub(r"\{[^}]+\}", "1", p) if not p.startswith("/api/v1") else re.sub(r"\{[^}]+\}", "1", p) for p in schema["paths"]]
    asked = json.load(sys.stdin) if not sys.stdin.isatty() else []
    resolves = {}
    for path in asked:
        try:
            resolve(path)
            resolves[path] = True
        except Resolver404:
            resolves[path] = False
    print(json.dumps({
        "urls": sorted(set(walk(get_resolver().url_patterns))),
        "api_paths": sorted(api_paths),
        "schema_text": json.dumps(schema, ensure_ascii=False),
        "resolves": resolves,
    }))


if __name__ == "__main__":
    main()
