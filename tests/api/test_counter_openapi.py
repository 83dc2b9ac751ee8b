"""The counter's endpoints, registered in a loop over the action registry, are
documented as API 1.0 documented them, or better.

cases/counter_actions_openapi_1.0.json is the document of API 1.0's fourteen
action operations (before the registry), with every schema resolved: each
must still be there with the same method, operation id, summary, tags,
security, parameters, request schema (a model's own title and description
aside: the schemas are named after their actions now; a field added since,
such as the visit's `office`, only if optional) and response codes, and
the same card in its 200 answer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from madoguchi.api.main import build_api
from madoguchi.rules.lifecycle.actions import ACTIONS

BEFORE = json.loads((Path(__file__).parent / "cases" / "counter_actions_openapi_1.0.json").read_text(encoding="utf-8"))
PREFIX = "/api/v1/cards/{card_id}/actions/"


@pytest.fixture(scope="module")
def document():
    return json.loads(json.dumps(build_api().get_openapi_schema(), default=str))  # as it is served


def resolved(node, components):
    if isinstance(node, dict):
        if "$ref" in node:
            return resolved(components[node["$ref"].rsplit("/", 1)[1]], components)
        return {k: resolved(v, components) for k, v in node.items()}
    if isinstance(node, list):
        return [resolved(v, components) for v in node]
    return node


def request_schema(operation: dict, components: dict) -> dict | None:
    body = operation.get("requestBody")
    if body is None:
        return None
    schema = resolved(body["content"]["application/json"]["schema"], components)
    return {"required": body.get("required", False), "schema": schema}


def without_model_name(body: dict | None) -> dict | None:
    if body is None:
        return None
    return {**body, "schema": {k: v for k, v in body["schema"].items() if k not in ("title", "description")}}


def only_fields_of_1_0(body: dict | None, before: dict | None) -> dict | None:
    """The body without the fields added since 1.0, each of them optional (a 1.0 client never sends them)."""
    if body is None or before is None:
        return body
    old = before["schema"].get("properties", {})
    added = set(body["schema"].get("properties", {})) - set(old)
    assert not added & set(body["schema"].get("required", [])), f"a new field must be optional: {added}"
    props = {k: v for k, v in body["schema"]["properties"].items() if k in old}
    return {**body, "schema": {**body["schema"], "properties": props}}


def operation(document: dict, key: str) -> dict:
    method, path = key.split(" ", 1)
    assert path in document["paths"], f"{path} is gone from the API"
    return document["paths"][path][method.lower()]


@pytest.mark.parametrize("key", sorted(BEFORE["operations"]))
def test_every_operation_of_api_1_0_is_documented_as_before(document, key):
    before, now = BEFORE["operations"][key], operation(document, key)
    components = document["components"]["schemas"]
    for field in ("operationId", "summary", "tags", "security", "parameters"):
        assert now[field] == before[field], field
    assert without_model_name(only_fields_of_1_0(request_schema(now, components), before["requestBody"])) == without_model_name(
        before["requestBody"]
    )
    # Every answer documented in 1.0 still is; the one problem shape adds the
    # framework's own (405, 413, 500), never takes one away.
    assert set(before["responses"]) <= set(now["responses"])
    card = now["responses"]["200"]["content"]["application/json"]["schema"]
    assert resolved(card, components) == BEFORE["card"]
    for code in before["responses"]:
        if code != "200":
            content = now["responses"][code]["content"]
            assert (content.get("application/problem+json") or content["application/json"])["schema"], code


@pytest.mark.parametrize("name", list(ACTIONS))
def test_every_action_of_the_registry_has_its_endpoint_and_its_former_names(document, name):
    action = ACTIONS[name]
    components = document["components"]["schemas"]
    now = operation(document, f"POST {PREFIX}{name}")
    assert now["summary"] == action.summary
    assert not now.get("deprecated")
    body = request_schema(now, components)
    if body is not None:
        assert body["schema"]["description"], "each request schema says what it is for"
    for former in action.former_names:
        alias = operation(document, f"POST {PREFIX}{former}")
        assert alias["deprecated"] is True
        assert name in alias["description"]
        assert (alias["summary"], request_schema(alias, components)) == (now["summary"], body)


def test_the_document_has_no_other_action_paths(document):
    paths = {p.removeprefix(PREFIX) for p in document["paths"] if p.startswith(PREFIX)}
    names = set(ACTIONS) | {old for a in ACTIONS.values() for old in a.former_names}
    assert paths == names
    assert {k.split(" ", 1)[1].removeprefix(PREFIX) for k in BEFORE["operations"]} <= paths
