"""Resource classes, one module per resource path (imported lazily by the client)."""
