"""The AWS our code meets locally: a moto that enforces IAM, with the tables, secrets and one role per
function that template.yaml declares (roles.py), each role's grants checked against the calls made
(least_privilege.py, moto_iam.py), and the process environment every local run starts from (environment.py).
"""
