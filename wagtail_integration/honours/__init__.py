"""Recipients of the Integrationsehrennadel and nominations."""
