"""The web app: views, templates, static files (ECharts, htmx), permissions."""
