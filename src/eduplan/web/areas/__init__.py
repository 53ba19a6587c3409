"""What a page of an area shows, prepared for its template: data from the store cut to the user's scope, charts.

One module per area (``forecasts``, ``value_added``, ``dashboard``, ``census``, ``plan_charts``, ``plan_review``),
used by the views of ``web/views/`` (which never import each other). Nothing here writes: writes are the store's.
"""
