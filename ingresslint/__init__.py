"""ingresslint: lint Kubernetes Ingress and IngressClass manifests."""

__version__ = "0.1.0"
