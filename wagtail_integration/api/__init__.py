"""The headless JSON API at ``/api/integration/v1/``, assembled from the domains' routers."""
