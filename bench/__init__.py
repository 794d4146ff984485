"""The benchmark harness behind `make bench`: every figure beside its reference, measured in the same run."""
