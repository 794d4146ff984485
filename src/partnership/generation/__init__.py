"""Synthetic partnership data at scale for benchmarks and load tests: `partnership generate`.

A writer package, not an app: it may import every app's models and rules, and no app imports it. Rows are written
in bulk, bypassing the services for speed, but each satisfies the models' constraints and the invariants the
services keep (states, clocks, suggested levels, one notification per child per setting). History rows and
outbox messages are NOT written for generated records, and every version is 1.
"""
