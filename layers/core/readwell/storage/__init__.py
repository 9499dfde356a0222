"""DynamoDB repositories (boto3), one per table. The only place that knows item shapes."""
