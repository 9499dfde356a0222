"""`make bench`: Readwell measured against a boto3-only floor and a FastAPI + Mangum peer, in one run.

Never deployed; `make test` runs it in quick mode (tests/integration/test_bench_runs.py), which checks its
sections and ratios, never a timing.
"""
