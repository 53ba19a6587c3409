"""Page views, one module per area; the JSON API lives in ``views.api``."""
