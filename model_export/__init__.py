"""Conversion to ONNX, parity certification, manifests, publishing and promotion."""
