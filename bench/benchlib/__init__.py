"""The parts of bench/run.py: the benchmark of flake8-review against plain flake8 and its peers."""
