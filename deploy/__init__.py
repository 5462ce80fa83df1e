"""The deployment: nginx and gunicorn configuration, and `make prod-up` (deploy.prod)."""
