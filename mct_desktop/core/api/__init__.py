"""Calling the portal's API: requests, responses, the HTTP client, curl, history."""
