"""Demo accounts of the demo portal (password for all: `demo`)."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "demo"
TENANT_ID = "6f1d3e2a-4b5c-4d7e-8f90-a1b2c3d4e5f6"
TENANT_NAME = "contosodemo"


@dataclass(frozen=True)
class Account:
    """A demo portal user the demo sign-in offers."""

    user_id: str
    email: str
    name: str
    role: str  # "Global Administrator" or "Learner", as MCT names them


ACCOUNTS = {
    a.email: a
    for a in (
        Account("1001", "admin@contoso.demo", "Ada Admin", "Global Administrator"),
        Account("2001", "learner@contoso.demo", "Leo Learner", "Learner"),
    )
}


# A service principal for client credentials (authority: the demo portal itself).
SERVICE_CLIENT_ID = "5e7a1c2b-0d3f-4e6a-9b8c-7d6e5f4a3b2c"
SERVICE_CLIENT_SECRET = "demo-client-secret"
SERVICE_API_URI = "api://mct-demo"
