"""The portal's operations from its OpenAPI/Swagger documents: loading, search, examples."""
