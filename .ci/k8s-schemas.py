#!/usr/bin/env python3
"""Writes standalone JSON schemas for kubeconform from the OpenAPI documents that ship inside
the Go modules k8s.io/kubernetes (api/openapi-spec/v3) and github.com/argoproj/argo-workflows
(api/jsonschema/schema.json), so manifests are validated without a cluster or a download from
anywhere but the Go module proxy.

Usage: k8s-schemas.py KUBERNETES_MODULE_DIR ARGO_MODULE_DIR OUT_DIR
Files are named as kubeconform's '{{ .ResourceKind }}{{ .KindSuffix }}.json' template expects
(job-batch-v1.json, secret-v1.json, workflow-argoproj-v1alpha1.json). Every object schema
that lists its properties refuses others (kubeconform's strict mode), so a misspelt field fails.
"""
import glob, json, os, sys


def strict(node):
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for v in node.values():
            strict(v)
    elif isinstance(node, list):
        for v in node:
            strict(v)


def rewrite_refs(node):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            node["$ref"] = "#/definitions/" + ref[len("#/components/schemas/"):]
        for v in node.values():
            rewrite_refs(v)
    elif isinstance(node, list):
        for v in node:
            rewrite_refs(v)


def write(out, kind, group, version, name, definitions):
    # kubeconform names a group by its first label (networking.k8s.io: networking).
    suffix = f"-{group.split('.')[0]}-{version}" if group else f"-{version}"
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "$ref": f"#/definitions/{name}", "definitions": definitions}
    with open(os.path.join(out, f"{kind.lower()}{suffix}.json"), "w") as f:
        json.dump(schema, f)


def main(k8s, argo, out):
    os.makedirs(out, exist_ok=True)
    n = 0
    for path in sorted(glob.glob(os.path.join(k8s, "api", "openapi-spec", "v3", "*.json"))):
        with open(path) as f:
            doc = json.load(f)
        defs = doc.get("components", {}).get("schemas", {})
        rewrite_refs(defs)
        strict(defs)
        for name, s in defs.items():
            for gvk in s.get("x-kubernetes-group-version-kind", []):
                if name.startswith("io.k8s.apimachinery"):
                    continue
                write(out, gvk["kind"], gvk.get("group", ""), gvk["version"], name, defs)
                n += 1
    with open(os.path.join(argo, "api", "jsonschema", "schema.json")) as f:
        doc = json.load(f)
    defs = doc["definitions"]
    strict(defs)
    for kind in ("Workflow", "WorkflowTemplate", "CronWorkflow"):
        write(out, kind, "argoproj.io", "v1alpha1", f"io.argoproj.workflow.v1alpha1.{kind}", defs)
        n += 1
    print(f"k8s-schemas: {n} schemas in {out}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
