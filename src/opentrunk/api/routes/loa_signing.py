"""The LOA signing page the authorised person reaches from the email: the letter, the
numbers, and a form to sign (typed name) or decline. No login: the link's token is the
authorisation. The letter and, once signed, the signed letter download as PDFs."""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from opentrunk.api.deps import State
from opentrunk.errors import OpenTrunkError
from opentrunk.hosting import signing
from opentrunk.hosting.esign import SigningPage, decline_by_token, sign_by_token, signing_page

router = APIRouter(tags=["LOA signing"], include_in_schema=False)

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;"
    "color:#222}table{border-collapse:collapse}td{padding:.15rem .8rem .15rem 0}"
    ".numbers{columns:3;font-family:monospace}button{padding:.5rem 1.2rem;margin-right:.5rem}"
    "fieldset{border:1px solid #ccc;padding:1rem;margin-top:1.5rem}.note{color:#555}"
)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{escape(title)}"
        f"</title><meta name=viewport content='width=device-width'><style>{_STYLE}</style>"
        f"</head><body><h1>{escape(title)}</h1>{body}</body></html>",
        status_code=status,
    )


def _details(page: SigningPage) -> str:
    o = page.order
    rows = [
        ("Hosting order", o.id),
        ("LOA type", o.loa_type),
        ("Business", o.business_name) if o.business_name else None,
        ("Authorised person", f"{o.person_first_name} {o.person_last_name} <{o.person_email}>"),
        (
            "Service address",
            f"{o.address_building_number} {o.address_street}, {o.address_city}, "
            f"{o.address_state} {o.address_postal_code}, {o.address_country}",
        ),
        ("Current voice carrier", o.current_voice_carrier),
        ("New messaging provider", o.service_provider),
    ]
    table = "".join(
        f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in filter(None, rows)
    )
    numbers = "".join(f"<div>{escape(n)}</div>" for n in page.numbers)
    return (
        f"<table>{table}</table><h2>{len(page.numbers)} telephone number"
        f"{'s' if len(page.numbers) != 1 else ''}</h2><div class=numbers>{numbers}</div>"
    )


def _error(exc: OpenTrunkError) -> HTMLResponse:
    return _page("Letter of Authorization", f"<p>{escape(exc.message)}</p>", exc.status_hint)


@router.get("/loa/{token}")
async def show(token: str, state: State) -> Response:
    async with state.database.read_session() as session:
        try:
            page = await signing_page(session, token)
        except OpenTrunkError as exc:
            return _error(exc)
    letter = f"<p><a href='/loa/{escape(token)}/letter.pdf'>Download the letter (PDF)</a></p>"
    if page.open:
        form = (
            f"<form method=post action='/loa/{escape(token)}'><fieldset><legend>Your answer"
            "</legend><p><label>Full name (your typed name is your signature)<br>"
            "<input name=signer size=40 autocomplete=name></label></p>"
            "<p><label><input type=checkbox name=agree value=yes> I am authorised to sign "
            "for these numbers and I agree to this Letter of Authorization</label></p>"
            "<p><label>Reason, if you decline<br><input name=reason size=40></label></p>"
            "<button name=decision value=sign>Sign</button>"
            "<button name=decision value=decline>Decline</button></fieldset></form>"
        )
    elif page.signed:
        form = (
            "<p>This letter has been signed. "
            f"<a href='/loa/{escape(token)}/signed.pdf'>Download the signed letter (PDF)</a></p>"
        )
    else:
        form = f"<p class=note>This request is closed (order {escape(page.order.state)}).</p>"
    return _page("Letter of Authorization", _details(page) + letter + form)


@router.post("/loa/{token}")
async def answer(token: str, request: Request, state: State) -> Response:
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    address = request.client.host if request.client else "unknown"
    try:
        async with state.database.write_session() as session:
            if form.get("decision") == "decline":
                await decline_by_token(
                    session,
                    token,
                    reason=form.get("reason", ""),
                    now=state.clock.now(),
                    settings=state.hosting,
                )
                await session.commit()
                return _page(
                    "Letter of Authorization declined", "<p>Thank you; the order is cancelled.</p>"
                )
            if form.get("agree") != "yes":
                return _page(
                    "Letter of Authorization",
                    "<p>Tick the box to confirm you are authorised and agree, then sign.</p>"
                    f"<p><a href='/loa/{escape(token)}'>Back</a></p>",
                    400,
                )
            await sign_by_token(
                session,
                token,
                signer=form.get("signer", ""),
                address=address,
                now=state.clock.now(),
                settings=state.hosting,
            )
            await session.commit()
    except OpenTrunkError as exc:
        return _error(exc)
    return _page(
        "Letter of Authorization signed",
        "<p>Thank you. Text enablement of your numbers has started.</p>"
        f"<p><a href='/loa/{escape(token)}/signed.pdf'>Download the signed letter (PDF)</a></p>",
    )


async def _pdf(token: str, state: State, kind: str) -> Response:
    async with state.database.read_session() as session:
        try:
            order = await signing.order_by_token(session, token)
            document = await signing.document(session, order, kind)
        except OpenTrunkError as exc:
            return _error(exc)
    name = f"loa-{order.id}{'-signed' if kind == 'signed' else ''}.pdf"
    return Response(
        document.content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@router.get("/loa/{token}/letter.pdf")
async def letter(token: str, state: State) -> Response:
    return await _pdf(token, state, "unsigned")


@router.get("/loa/{token}/signed.pdf")
async def signed_letter(token: str, state: State) -> Response:
    return await _pdf(token, state, "signed")
