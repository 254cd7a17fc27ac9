"""Every route of the consultant's blueprint, for each role: allowed, refused, out of scope."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.helpers import csrf_token

# (endpoint name for the report, method, URL template, form data for a consultant's POST)
ROUTES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("index", "GET", "/consultant/", {}),
    ("template", "GET", "/consultant/template.xlsx", {}),
    ("organisation_new", "GET", "/consultant/organisations/new", {}),
    ("organisation_new_post", "POST", "/consultant/organisations/new", {"name": "Nieuw BV"}),
    ("organisation", "GET", "/consultant/organisations/{org}", {}),
    ("organisation_edit", "GET", "/consultant/organisations/{org}/edit", {}),
    ("organisation_edit_post", "POST", "/consultant/organisations/{org}/edit",
     {"name": "Zorgcentrum De Linde", "sector": "zorg"}),
    ("upload", "GET", "/consultant/organisations/{org}/upload", {}),
    ("upload_post", "POST", "/consultant/organisations/{org}/upload", {}),
    ("compare", "GET", "/consultant/organisations/{org}/compare?a={run}&b={run}", {}),
    ("version", "GET", "/consultant/organisations/{org}/versions/{version}", {}),
    ("task_edit", "GET", "/consultant/organisations/{org}/versions/{version}/tasks/{task}", {}),
    ("run_start", "POST", "/consultant/organisations/{org}/versions/{version}/runs",
     {"time_limit": "0"}),  # refused by the form: allowed, but no solve in an access test
    ("run", "GET", "/consultant/organisations/{org}/runs/{run}", {}),
    ("run_progress", "GET", "/consultant/organisations/{org}/runs/{run}/progress.json", {}),
    ("run_cancel", "POST", "/consultant/organisations/{org}/runs/{run}/cancel", {}),
    ("run_again", "POST", "/consultant/organisations/{org}/runs/{run}/again", {}),
    ("function", "GET", "/consultant/organisations/{org}/runs/{run}/functions/{fn}", {}),
    ("submit", "POST", "/consultant/organisations/{org}/runs/{run}/functions/{fn}/submit", {}),
    ("effect", "GET", "/consultant/organisations/{org}/runs/{run}/effect", {}),
    ("proposal_edit", "GET", "/consultant/organisations/{org}/runs/{run}/edit", {}),
    ("report", "GET", "/consultant/organisations/{org}/runs/{run}/report", {}),
    ("report_pdf", "GET", "/consultant/organisations/{org}/runs/{run}/report.pdf", {}),
    ("export_xlsx", "GET", "/consultant/organisations/{org}/runs/{run}/export.xlsx", {}),
    ("export_csv", "GET", "/consultant/organisations/{org}/runs/{run}/export-functions.csv", {}),
]
IDS = [r[0] for r in ROUTES]
SCOPED = [r for r in ROUTES if "{org}" in r[2]]


def _url(template: str, ids: dict[str, Any], seeded: dict[str, Any]) -> str:
    return template.format(org=ids["org"], version=ids["version"], run=ids["run"],
                           fn=seeded["role_id"], task=seeded["task_id"])


def _call(client, method: str, url: str, data: dict[str, Any]):
    if method == "GET":
        return client.get(url)
    return client.post(url, data={**data, "csrf_token": csrf_token(client, "/login")})


def test_every_consultant_endpoint_is_in_the_table(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("consultant.")}
    covered = {f"consultant.{name.removesuffix('_post')}" for name in IDS}
    assert endpoints == covered


def _walk(client, routes, ids, seeded) -> dict[str, int]:
    """Status per route name (one login for the whole walk: logins are slow by design)."""
    return {name: _call(client, method, _url(template, ids, seeded), data).status_code
            for name, method, template, data in routes}


def test_anonymous_is_sent_to_login(client, seeded):
    for name, method, template, data in ROUTES:
        response = _call(client, method, _url(template, seeded["own"], seeded), data)
        assert response.status_code == 302, name
        assert response.headers["Location"].startswith("/login"), name


@pytest.mark.parametrize("role", ["job_coach", "uwv_advisor", "admin"])
def test_other_roles_are_refused(request, login_as, seeded, role):
    client = login_as(request.getfixturevalue(role))
    statuses = _walk(client, ROUTES, seeded["own"], seeded)
    assert statuses == {name: 403 for name in IDS}


def test_consultant_is_allowed_on_own_organisation(login_as, consultant, seeded):
    client = login_as(consultant)
    for name, method, template, data in ROUTES:
        response = _call(client, method, _url(template, seeded["own"], seeded), data)
        expected = {"GET": {200}, "POST": {200, 302, 400}}[method]
        assert response.status_code in expected, (name, response.get_data(as_text=True)[:800])
        if name == "upload_post":  # no file: the form's own error, on the page
            assert response.status_code == 400
            assert "error-summary" in response.get_data(as_text=True)


def test_another_consultants_organisation_is_404_and_shows_nothing(login_as, consultant, seeded):
    client = login_as(consultant)
    for name, method, template, data in SCOPED:
        response = _call(client, method, _url(template, seeded["theirs"], seeded), data)
        assert response.status_code == 404, name
        assert "Andermans Bedrijf" not in response.get_data(as_text=True), name


def test_their_objects_under_my_organisation_url_are_404(login_as, consultant, seeded):
    client = login_as(consultant)
    ids = {**seeded["theirs"], "org": seeded["own"]["org"]}
    routes = [r for r in SCOPED if "{run}" in r[2] or "{version}" in r[2]]
    assert len(routes) >= 10
    assert _walk(client, routes, ids, seeded) == {r[0]: 404 for r in routes}


def test_index_lists_only_own_organisations(login_as, consultant, seeded):
    page = login_as(consultant).get("/consultant/").get_data(as_text=True)
    assert "Zorgcentrum De Linde" in page and "Andermans Bedrijf" not in page
    assert re.search(r'<html lang="nl"', page)
