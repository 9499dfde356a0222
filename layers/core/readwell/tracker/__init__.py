"""The weight tracker. Its domain, plain Python with no boto3: the service's rules (service.py) over parsing,
units, progress, identity and rate limits. Its HTTP side: the cookie and forms (http.py), what every route does
around the service (requests.py), view models (view_models.py) and the pages as responses (responses.py)."""
