"""What every page shares around its content, whichever function renders it: the reader's display settings
and one-off notices (context.py), the error pages with the one map from errors to them (error_pages.py), and
PageFunction, the Lambda function that serves pages (function.py)."""
