"""`make bench`: Readwell measured against a boto3-only floor and a FastAPI + Mangum peer, in one run.

Never deployed, never run by `make test` (too slow); tests/unit/test_bench_smoke.py runs it tiny.
"""
