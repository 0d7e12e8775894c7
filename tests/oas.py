"""Validation of raw emulator responses against Xero's official OpenAPI documents."""

import functools
import os
import pathlib
import re

import yaml
from openapi_schema_validator import OAS30Validator

# Xero's specs are not part of the repository: XERO_OPENAPI_DIR, else the workspace's
# shared/xero-openapi beside the repository
SPECS = pathlib.Path(
    os.environ.get("XERO_OPENAPI_DIR") or pathlib.Path(__file__).resolve().parents[2] / "shared" / "xero-openapi"
)
SPEC_NAMES = ("xero_accounting.yaml", "xero-identity.yaml")  # what the conformance tests read


def missing():
    """Why the conformance tests cannot run here, or None when the specs are there."""
    absent = [name for name in SPEC_NAMES if not (SPECS / name).is_file()]
    if absent:
        return "Xero's OpenAPI specs not found in %s (%s): set XERO_OPENAPI_DIR" % (SPECS, ", ".join(absent))
    return None


@functools.cache
def load(name):
    with open(SPECS / name) as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _template_matches(template, path):
    pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
    return re.match(pattern, path) is not None


def response_schema(spec_name, method, path, status="200", prefix=""):
    """The schema an operation documents for ``status``; ``path`` is concrete."""
    spec = load(spec_name)
    relative = path[len(prefix) :] if prefix and path.startswith(prefix) else path
    candidates = [t for t in spec["paths"] if _template_matches(t, relative)]
    # prefer literal templates (/Contacts/{ContactID}/History over /Contacts/{ContactNumber})
    candidates.sort(key=lambda t: t.count("{"))
    for template in candidates:
        operation = spec["paths"][template].get(method.lower())
        if operation and status in operation["responses"]:
            response = operation["responses"][status]
            if "$ref" in response:  # e.g. "#/components/responses/HistoryRetrieved"
                response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
            content = response.get("content") or {}
            return content.get("application/json", {}).get("schema")
    raise LookupError("%s %s is not documented in %s" % (method, path, spec_name))


def validate(spec_name, schema, payload):
    root = dict(schema, components=load(spec_name)["components"])
    errors = sorted(OAS30Validator(root).iter_errors(payload), key=lambda e: list(e.path))
    return ["%s: %s" % ("/".join(map(str, e.path)), e.message) for e in errors[:10]]
