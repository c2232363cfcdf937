"""The HTTP service (FastAPI): ``api.creer_api(application)``; OpenAPI documentation at /docs."""
