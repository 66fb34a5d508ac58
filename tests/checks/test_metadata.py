"""Checks of metadata (ObjectMeta validation on create)."""

from __future__ import annotations

from tests.conftest import rule_findings, where

SPEC = "spec:\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n"


def ingress(meta: str) -> str:
    return f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n{meta}{SPEC}"


def test_invalid_name() -> None:
    findings = rule_findings(ingress("  name: Web_App\n"), "metadata-name-invalid")
    assert where(findings) == [(4, 3, "metadata.name")]
    assert 'metadata.name: Invalid value: "Web_App": a lowercase RFC 1123 subdomain' in findings[0].message


def test_missing_and_empty_name() -> None:
    for meta in ("  labels: {}\n", '  name: ""\n'):
        findings = rule_findings(ingress(meta), "metadata-name-invalid")
        assert [f.field for f in findings] == ["metadata.name"]
        assert "Required value: name or generateName is required" in findings[0].message


def test_generate_name_is_masked_and_replaces_name() -> None:
    assert rule_findings(ingress("  generateName: web-\n"), "metadata-name-invalid") == []
    findings = rule_findings(ingress("  generateName: Web-\n"), "metadata-name-invalid")
    # generateName, then the name the server generates from it (its random suffix differs)
    assert where(findings) == [(4, 3, "metadata.generateName"), (4, 3, "metadata.name")]


def test_name_over_253_characters() -> None:
    findings = rule_findings(ingress(f"  name: {'a' * 254}\n"), "metadata-name-invalid")
    assert [f.message.split("rejects it with: ")[1] for f in findings] == [
        f'metadata.name: Invalid value: "{"a" * 254}": must be no more than 253 characters'
    ]


def test_namespace_is_a_dns_label() -> None:
    findings = rule_findings(ingress("  name: web\n  namespace: team.a\n"), "metadata-namespace-invalid")
    assert where(findings) == [(5, 3, "metadata.namespace")]
    assert "must not contain dots" in findings[0].message
    assert rule_findings(ingress("  name: web\n  namespace: team-a\n"), "metadata-namespace-invalid") == []


def test_ingress_class_namespace_is_cleared_by_the_server() -> None:
    text = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: c\n  namespace: Bad_NS\nspec:\n  controller: example.com/c\n"
    assert rule_findings(text, "metadata-namespace-invalid") == []


def test_labels_are_reported_at_metadata_labels_on_the_key_line() -> None:
    meta = "  name: web\n  labels:\n    good: value\n    bad key: x\n    app: my app\n"
    findings = rule_findings(ingress(meta), "metadata-labels-invalid")
    assert where(findings) == [(7, 5, "metadata.labels"), (8, 5, "metadata.labels")]
    assert 'Invalid value: "bad key": name part must consist of' in findings[0].message
    assert 'Invalid value: "my app": a valid label must be an empty string' in findings[1].message


def test_label_key_prefix_must_be_lowercase() -> None:
    findings = rule_findings(ingress("  name: web\n  labels:\n    Example.com/app: web\n"), "metadata-labels-invalid")
    assert "prefix part a lowercase RFC 1123 subdomain" in findings[0].message


def test_annotation_keys_are_checked_lowercased() -> None:
    meta = '  name: web\n  annotations:\n    Example.COM/Foo: "x"\n    a/b/c: "x"\n'
    findings = rule_findings(ingress(meta), "metadata-annotations-invalid")
    assert where(findings) == [(7, 5, "metadata.annotations")]
    assert 'Invalid value: "a/b/c": a valid label key must consist of' in findings[0].message


def test_annotations_over_256_kib() -> None:
    meta = f"  name: web\n  annotations:\n    example.com/big: {'x' * 262144}\n"
    findings = rule_findings(ingress(meta), "metadata-annotations-invalid")
    assert [f.field for f in findings] == ["metadata.annotations"]
    assert "Too long: must have at most 262144 bytes" in findings[0].message
    ok = f"  name: web\n  annotations:\n    k: {'x' * 262143}\n"
    assert rule_findings(ingress(ok), "metadata-annotations-invalid") == []


def test_finalizers() -> None:
    meta = "  name: web\n  finalizers:\n  - cleanup\n  - example.com/ok\n  - kubernetes\n  - a/b/c\n"
    findings = rule_findings(ingress(meta), "metadata-finalizers-invalid")
    assert where(findings) == [(6, 5, "metadata.finalizers[0]"), (9, 5, "metadata.finalizers")]
    assert "name is neither a standard finalizer name nor is it fully qualified" in findings[0].message


def test_orphan_with_foreground_deletion() -> None:
    meta = "  name: web\n  finalizers: [orphan, foregroundDeletion]\n"
    findings = rule_findings(ingress(meta), "metadata-finalizers-invalid")
    assert (
        'Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set'
        in findings[0].message
    )


def owners(refs: str) -> str:
    return ingress("  name: web\n  ownerReferences:\n" + refs)


def test_owner_reference_empty_fields_are_not_indexed() -> None:
    findings = rule_findings(
        owners("  - {apiVersion: apps/, kind: Deployment, name: web}\n"), "metadata-owner-references-invalid"
    )
    assert sorted(f.field or "" for f in findings) == [
        "metadata.ownerReferences.apiVersion",
        "metadata.ownerReferences.uid",
    ]
    assert any('Invalid value: "": must not be empty' in f.message for f in findings)
    assert rule_findings(owners("  - {apiVersion: apps/, kind: Deployment, name: web}\n"), "schema") == []


def test_owner_reference_event_and_two_controllers() -> None:
    refs = "  - {apiVersion: v1, kind: Event, name: e, uid: u1}\n  - {apiVersion: apps/v1, kind: A, name: a, uid: u2, controller: true}\n  - {apiVersion: apps/v1, kind: B, name: b, uid: u3, controller: true}\n"
    findings = rule_findings(owners(refs), "metadata-owner-references-invalid")
    assert [f.field for f in findings] == ["metadata.ownerReferences"] * 2
    assert "/v1, Kind=Event is disallowed from being an owner" in findings[0].message
    assert 'Found "true" in references for A/a and B/b' in findings[1].message
