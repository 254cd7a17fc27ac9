"""Regional runs: many employers, one candidate pool, on Dask."""
