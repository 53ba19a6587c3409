"""Every URL of the web app and the API. The access matrix test walks this list: a new URL needs a rule there."""

from __future__ import annotations

from django.urls import include, path

from eduplan.web.views import (
    api,
    assessments,
    audit,
    auth,
    census,
    forecasts,
    home,
    investment,
    plans,
    reports,
    schools,
    users,
    value_added,
)

pages = [
    path("", home.home, name="home"),
    path("accounts/login/", auth.login_page, name="login"),
    path("accounts/logout/", auth.logout_page, name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("pick/", home.pick, name="pick"),
    path("r/<str:region>/<int:year>/", home.dashboard_page, name="dashboard"),
    path("r/<str:region>/<int:year>/panels/<str:name>/", home.dashboard_panel, name="dashboard_panel"),
    path("r/<str:region>/<int:year>/schools/", schools.school_list, name="schools"),
    path("r/<str:region>/<int:year>/assessments/", assessments.assessments_page, name="assessments"),
    path("r/<str:region>/<int:year>/assessments/run/", assessments.assessment_run, name="assessment_run"),
    path("r/<str:region>/<int:year>/assessments/items/", assessments.assessment_item, name="assessment_item"),
    path("r/<str:region>/<int:year>/forecasts/", forecasts.forecasts_page, name="forecasts"),
    # investment plan (issue 23)
    path("r/<str:region>/<int:year>/investment/", investment.investment_page, name="investment"),
    path("r/<str:region>/<int:year>/investment/run/", investment.investment_run, name="investment_run"),
    path("r/<str:region>/<int:year>/investment/costs/", investment.investment_costs, name="investment_costs"),
    path(
        "r/<str:region>/<int:year>/investment/<int:run_id>/<str:fmt>/",
        investment.investment_report,
        name="investment_report",
    ),
    path("r/<str:region>/<int:year>/value-added/", value_added.value_added_page, name="value_added"),
    path(
        "r/<str:region>/<int:year>/value-added/<str:fmt>/",
        value_added.value_added_report,
        name="value_added_report",
    ),
    path("r/<str:region>/<int:year>/reports/", reports.reports_page, name="reports"),
    path("r/<str:region>/<int:year>/reports/<str:name>/", reports.report_download, name="report_download"),
    path("schools/<str:code>/", schools.school_page, name="school"),
    path("schools/<str:code>/value-added/", value_added.school_value_added, name="school_value_added"),
    path("schools/<str:code>/census/<int:year>/", schools.school_census, name="school_census"),
    path("schools/<str:code>/notes/", schools.add_note, name="add_note"),
    path("schools/<str:code>/notes/<int:note_id>/", schools.rectify_note, name="rectify_note"),
    path("census/", census.census_page, name="census"),
    path("census/upload/", census.census_upload_page, name="census_upload"),
    path("census/<int:year>/<int:number>/restore/", census.census_restore, name="census_restore"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/<int:plan_id>/", plans.plan_page, name="plan"),
    path("plans/<int:plan_id>/review/", plans.plan_review, name="plan_review"),
    path("plans/<int:plan_id>/report/<str:fmt>/", reports.plan_report, name="plan_report"),
    path("plans/<int:plan_id>/<str:kind>/<int:item_id>/", plans.plan_correct, name="plan_correct"),
    path("audit/", audit.audit_page, name="audit"),
    path("users/", users.users_page, name="users"),
    path("users/<int:user_id>/", users.user_scope, name="user_scope"),
]

api_urls = [
    path("api/openapi.json", api.api_openapi, name="api_openapi"),
    path("api/regions/", api.api_regions, name="api_regions"),
    path("api/regions/<str:code>/schools/", api.api_region_schools, name="api_region_schools"),
    path("api/schools/<str:code>/", api.api_school, name="api_school"),
    path("api/census/versions/", api.api_census_versions, name="api_census_versions"),
    path("api/plans/", api.api_plans, name="api_plans"),
    path("api/plans/<int:plan_id>/", api.api_plan, name="api_plan"),
    path("api/regions/<str:code>/<int:year>/quality-balance/", api.api_quality_balance, name="api_quality_balance"),
    path("api/regions/<str:code>/<int:year>/value-added/", api.api_value_added, name="api_value_added"),
    path("api/audit/", api.api_audit, name="api_audit"),
]

urlpatterns = pages + api_urls
