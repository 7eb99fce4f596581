"""A layout fuzzer: each fixture spec drawn under a random page design from a seed."""

from tests.support.fuzz.design import Layout, expected_for, random_layout
from tests.support.fuzz.render import spec_to_layout_pdf

__all__ = ["Layout", "expected_for", "random_layout", "spec_to_layout_pdf"]
