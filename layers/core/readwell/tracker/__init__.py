"""The weight tracker's domain: parsing, units, progress, identity. Plain Python, no boto3."""
