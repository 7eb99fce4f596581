"""Benchmark of the pipeline on a generated full edition (`make bench`)."""
