"""The CloudFront edge in front of the site, seen from the origin: which requests came through it and what they
say about the reader (verified.py), and which pages a publish changed, kept pending until CloudFront takes their
invalidation (invalidations.py). The CloudFront client itself is an AWS client like the others: storage/cloudfront.py.
"""
