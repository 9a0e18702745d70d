"""Credential lists and their credentials (SIP digest users).

Passwords are never stored: each credential keeps HA1 = H(username:realm:password) for
MD5 and SHA-256 (RFC 2617 / RFC 7616), which is all a digest verifier needs.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

from pydantic import ValidationError
from sqlalchemy import delete, exists, func, select

from opentrunk.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
)
from opentrunk.kit.ids import new_ulid
from opentrunk.kit.pagination import Page, PageRequest
from opentrunk.store.models import (
    Credential,
    CredentialList,
    SipEndpoint,
    Trunk,
    TrunkCredentialList,
)
from opentrunk.trunking.repository import get_owned, paginate
from opentrunk.trunking.schemas import (
    CredentialInput,
    CredentialListInput,
    CredentialListOut,
    CredentialListUpdate,
    CredentialOut,
)
from opentrunk.trunking.scope import ProjectScope

__all__ = ["CredentialListService", "credential_list_out", "credential_list_service", "ha1"]


def ha1(algorithm: str, username: str, realm: str, password: str) -> str:
    digest = hashlib.sha256 if algorithm == "SHA-256" else hashlib.md5
    return digest(f"{username}:{realm}:{password}".encode()).hexdigest()


def credential_list_out(
    row: CredentialList, credentials: Sequence[Credential]
) -> CredentialListOut:
    return CredentialListOut(
        id=row.id,
        project_id=row.project_id,
        name=row.name,
        credentials=[CredentialOut(id=c.id, username=c.username) for c in credentials],
        create_time=row.create_time,
        update_time=row.update_time,
    )


def _no_duplicates(credentials: Sequence[CredentialInput]) -> None:
    seen: set[str] = set()
    for i, credential in enumerate(credentials):
        if credential.username in seen:
            raise AlreadyExists(
                f"username '{credential.username}' appears twice in the list",
                violations=[FieldViolation(f"credentials[{i}].username", "duplicate")],
            )
        seen.add(credential.username)


class CredentialListService:
    async def create(
        self, scope: ProjectScope, data: CredentialListInput
    ) -> tuple[CredentialList, list[Credential]]:
        _no_duplicates(data.credentials)
        row = CredentialList(
            id=new_ulid(), project_id=scope.project_id, name=data.name, create_time=scope.now
        )
        scope.session.add(row)
        await scope.session.flush()  # no ORM relationships: parents go in first
        credentials = [self._new_credential(scope, row.id, c) for c in data.credentials]
        await scope.session.flush()
        return row, credentials

    async def get(
        self, scope: ProjectScope, list_id: str
    ) -> tuple[CredentialList, list[Credential]]:
        row = await self._get(scope, list_id)
        return row, (await self.credentials_of(scope, [row.id]))[row.id]

    async def find(
        self, scope: ProjectScope, page: PageRequest
    ) -> tuple[Page[CredentialList], dict[str, list[Credential]]]:
        statement = (
            select(CredentialList)
            .where(CredentialList.project_id == scope.project_id)
            .order_by(CredentialList.id)
        )
        result = await paginate(scope.session, statement, page)
        return result, await self.credentials_of(scope, [r.id for r in result.items])

    async def update(
        self, scope: ProjectScope, list_id: str, data: CredentialListUpdate
    ) -> tuple[CredentialList, list[Credential]]:
        row = await self._get(scope, list_id)
        row.name = data.name
        row.update_time = scope.now
        if data.credentials is not None:
            _no_duplicates(data.credentials)
            await scope.session.execute(
                delete(Credential).where(Credential.credential_list_id == row.id)
            )
            for credential in data.credentials:
                self._new_credential(scope, row.id, credential)
            scope.mark_config_changed()
        await scope.session.flush()
        return row, (await self.credentials_of(scope, [row.id]))[row.id]

    async def delete(self, scope: ProjectScope, list_id: str) -> None:
        row = await self._get(scope, list_id)
        if await scope.session.scalar(
            select(exists().where(TrunkCredentialList.credential_list_id == row.id))
        ):
            raise FailedPrecondition(
                "Credential List cannot be deleted while attached to a SIP Trunk",
                reason="CREDENTIAL_LIST_ATTACHED_TO_TRUNK",
            )
        if await self._used_only_here_by_endpoint(scope, row.id):
            raise FailedPrecondition(
                "Credential List cannot be deleted while attached to a SIP Endpoint",
                reason="CREDENTIAL_LIST_ATTACHED_TO_ENDPOINT",
            )
        await scope.session.delete(row)
        await scope.session.flush()

    async def trunks(self, scope: ProjectScope, list_id: str, page: PageRequest) -> Page[Trunk]:
        row = await self._get(scope, list_id)
        statement = (
            select(Trunk)
            .join(TrunkCredentialList, TrunkCredentialList.trunk_id == Trunk.id)
            .where(TrunkCredentialList.credential_list_id == row.id)
            .order_by(Trunk.id)
        )
        return await paginate(scope.session, statement, page)

    async def set_password(
        self, scope: ProjectScope, list_id: str, username: str, password: str
    ) -> Credential:
        """Change a credential's password; a username not yet in the list is added (the
        API has no other way to add a credential to an existing list)."""
        row = await self._get(scope, list_id)
        credential = await scope.session.scalar(
            select(Credential).where(
                Credential.credential_list_id == row.id, Credential.username == username
            )
        )
        if credential is None:
            try:
                data = CredentialInput(username=username, password=password)
            except ValidationError as exc:
                message = exc.errors()[0]["msg"].removeprefix("Value error, ")
                raise InvalidArgument(
                    message, violations=[FieldViolation("username", message)]
                ) from None
            credential = self._new_credential(scope, row.id, data)
        else:
            realm = scope.settings.digest_realm
            credential.realm = realm
            credential.ha1_md5 = ha1("MD5", username, realm, password)
            credential.ha1_sha256 = ha1("SHA-256", username, realm, password)
            credential.update_time = scope.now
        row.update_time = scope.now
        await scope.session.flush()
        scope.mark_config_changed()
        return credential

    async def delete_credential(self, scope: ProjectScope, list_id: str, username: str) -> None:
        row = await self._get(scope, list_id)
        result = await scope.session.execute(
            delete(Credential).where(
                Credential.credential_list_id == row.id, Credential.username == username
            )
        )
        if not getattr(result, "rowcount", 0):
            raise NotFound(f"Credential '{username}' not found in credential list '{list_id}'")
        scope.mark_config_changed()

    async def credentials_of(
        self, scope: ProjectScope, list_ids: list[str]
    ) -> dict[str, list[Credential]]:
        grouped: dict[str, list[Credential]] = defaultdict(list)
        if list_ids:
            rows = await scope.session.scalars(
                select(Credential)
                .where(Credential.credential_list_id.in_(list_ids))
                .order_by(Credential.id)
            )
            for credential in rows:
                grouped[credential.credential_list_id].append(credential)
        return {list_id: grouped[list_id] for list_id in list_ids}

    async def username_exists(self, scope: ProjectScope, username: str) -> bool:
        return bool(
            await scope.session.scalar(
                select(
                    exists().where(
                        Credential.project_id == scope.project_id, Credential.username == username
                    )
                )
            )
        )

    # --- helpers -----------------------------------------------------------------------

    async def _get(self, scope: ProjectScope, list_id: str) -> CredentialList:
        return await get_owned(
            scope.session, CredentialList, scope.project_id, list_id, "Credential list"
        )

    def _new_credential(
        self, scope: ProjectScope, list_id: str, data: CredentialInput
    ) -> Credential:
        realm = scope.settings.digest_realm
        credential = Credential(
            id=new_ulid(),
            credential_list_id=list_id,
            project_id=scope.project_id,
            username=data.username,
            realm=realm,
            ha1_md5=ha1("MD5", data.username, realm, data.password),
            ha1_sha256=ha1("SHA-256", data.username, realm, data.password),
            create_time=scope.now,
        )
        scope.session.add(credential)
        return credential

    async def _used_only_here_by_endpoint(self, scope: ProjectScope, list_id: str) -> bool:
        """True when a registered endpoint's username exists in this list and in no
        other list of the project (deleting the list would strand the endpoint)."""
        usernames = select(Credential.username).where(Credential.credential_list_id == list_id)
        elsewhere = select(Credential.username).where(
            Credential.project_id == scope.project_id, Credential.credential_list_id != list_id
        )
        stranded = await scope.session.scalar(
            select(func.count())
            .select_from(SipEndpoint)
            .where(
                SipEndpoint.project_id == scope.project_id,
                SipEndpoint.is_registered.is_(True),
                SipEndpoint.credential_username.in_(usernames),
                SipEndpoint.credential_username.not_in(elsewhere),
            )
        )
        return bool(stranded)


credential_list_service = CredentialListService()
