"""Business rules: plain functions that take a session, validate, lock, write the ledger and commit.

Services never import the jobs, pages, api or state packages (tests/test_layers.py): what an event
starts after commit is wired by `jobs.bootstrap`, which every process calls at start-up.
"""
