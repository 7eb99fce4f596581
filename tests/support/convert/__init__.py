"""A converter fuzzer: profiles written as marker, MinerU, docling, pdftotext or a
copy-paste from a PDF viewer would write them. See README.md in this folder."""

from tests.support.convert.render import spec_to_converted
from tests.support.convert.style import FAMILIES, Style, random_spec_name, random_style

__all__ = ["FAMILIES", "Style", "random_spec_name", "random_style", "spec_to_converted"]
