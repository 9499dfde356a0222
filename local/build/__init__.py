"""Steps `sam build` runs through the Makefile's build-<LogicalId> targets, and the packaging the bench and
tests reuse: botocore trimmed to the services we call (botocore_data.py), bytecode and compiled templates
shipped (bytecode.py), and a function laid out as Lambda lays it out (lambda_layout.py).
"""
