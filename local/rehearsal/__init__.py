"""`make deploy-rehearsal`: sam build -> sam package -> SAM transform offline -> sam deploy into a throwaway
moto server (rehearse.py), moto's CloudFormation gaps for Lambda mended there only (moto_lambda.py); what moto
deployed checked through boto3 and what it cannot deploy checked statically (checks.py); the first deploy run
under the deployed roles (first_deploy.py, answering CloudFormation at cfn_response.py); a second deploy with
only the layer changed (layer_change.py).
"""
