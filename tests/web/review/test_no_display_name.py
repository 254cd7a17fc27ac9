"""No page an advisor or a consultant can reach shows a candidate's display name.

The world is filled with everything that names people: a fit run and a carve run for
the coach's candidate, a proposal, an accepted placement, a pool run by the
consultant, and submitted functions with the candidate proposed. Then every page
reachable by links from the advisor's and the consultant's start pages is fetched
(GET only, same site) and searched for both fictional names.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from tests.web.coach.conftest import OTHER_NAME, OWN_NAME, World
from tests.web.coach.seed import add_redesign
from tests.web.helpers import login, post_form
from web.db import session_scope
from web.models import Function, MatchProposal, Placement, Run
from web.runs import get_engine

HREF = re.compile(r'href="([^"#]+)"')
SKIP = re.compile(r"\.(pdf|xlsx|csv|css|js)$|/static/|/logout")
MAX_PAGES = 150


def crawl(client, start: str) -> dict[str, str]:
    """Every page reachable by links from ``start`` (status 200 pages' bodies)."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        body = response.get_data(as_text=True) if response.status_code == 200 else ""
        seen[path] = body
        if "text/html" not in (response.content_type or ""):
            continue
        for href in HREF.findall(body):
            url = urlsplit(urljoin("http://localhost" + path, href.replace("&amp;", "&")))
            target = url.path + (f"?{url.query}" if url.query else "")
            if url.netloc == "localhost" and not SKIP.search(url.path) and target not in seen:
                queue.append(target)
    return seen


def _fill_world(client, world: World) -> None:
    ids = add_redesign(world.app, world.organisation, world.version, submit=(0, 1))
    login(client, world.coach["name"])
    fit_page = f"/coach/candidates/{world.candidate}/fit"
    post_form(client, fit_page, {})
    post_form(client, f"/coach/candidates/{world.candidate}/carve/{world.organisation}", {},
              form_page=fit_page)
    with session_scope(world.app) as db:
        proposal = MatchProposal(candidate_id=world.candidate, function_id=ids[0], answer="accept",
                                 answer_reason="graag")
        db.add(proposal)
        db.flush()
        db.add(Placement(match_id=proposal.id, candidate_id=world.candidate, function_id=ids[0],
                         organisation_id=world.organisation, start_date=date(2027, 1, 4),
                         hours=20))
    login(client, world.consultant["name"])
    post_form(client, f"/coach/organisations/{world.organisation}/pool",
              {"kind": "match", "candidates": [world.candidate],
               "organisation_id": world.organisation})
    with session_scope(world.app) as db:
        pool_run = db.scalars(select(Run.id).where(Run.created_by_id == world.consultant["id"])
                              ).one()
    get_engine(world.app).wait(pool_run, timeout=120)


def test_advisor_and_consultant_never_see_a_display_name(client, world: World) -> None:
    _fill_world(client, world)
    with session_scope(world.app) as db:  # the names are really there to be leaked
        assert db.scalars(select(Function)).first() is not None
    for who, start, least in (("advisor", "/review/", 3), ("consultant", "/consultant/", 10)):
        login(client, getattr(world, who)["name"])
        pages = crawl(client, start)
        print(f"{who}: {len(pages)} pages crawled")
        assert len([b for b in pages.values() if b]) >= least
        if who == "consultant":  # the pages that carry people's data were reached
            assert f"/coach/organisations/{world.organisation}/placements" in pages
            with session_scope(world.app) as db:
                pool_run = db.scalars(select(Run.id).where(
                    Run.created_by_id == world.consultant["id"])).one()
            pool_page = f"/coach/organisations/{world.organisation}/pool/{pool_run}"
            pages[pool_page] = client.get(pool_page).get_data(as_text=True)
            assert "K001" in pages[pool_page]
        for path, body in pages.items():
            assert OWN_NAME not in body and OTHER_NAME not in body, (who, path)
    # the coach, by contrast, does see their own candidate's name (the names are real)
    login(client, world.coach["name"])
    assert OWN_NAME in client.get(f"/coach/candidates/{world.candidate}").get_data(as_text=True)
