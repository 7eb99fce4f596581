"""Test support: fixture specs and the profiles (PDF, converted text) drawn from them."""
