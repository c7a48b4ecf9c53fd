"""Demo data for `make run` and the tests: two merchants with nine months of history."""
