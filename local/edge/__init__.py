"""The CloudFront edge, which moto cannot create: emulated in front of the local server from template.yaml's
cache policies (emulator.py), its cache key derived from the query parameters the site's code reads
(query_reads.py), and its configuration checked statically (template_checks.py).
"""
