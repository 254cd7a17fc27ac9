"""Synthetic inventories and candidate pools for load tests and benchmarks."""
