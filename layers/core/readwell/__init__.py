"""Readwell: accessible health articles served from AWS Lambda."""
