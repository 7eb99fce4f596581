"""Extract validated tables from Global Organized Crime Index country profiles."""

__version__ = "0.1.0"
