"""The base of every SDK model: camelCase on the wire, snake_case in Python.

Response models accept fields they do not know (``extra="allow"``), so a newer server
never breaks an older client; unknown fields stay readable through ``model_extra``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["Model"]


class Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")

    def to_wire(self) -> dict[str, object]:
        """The JSON object this model is on the wire (camelCase keys, no ``None`` values)."""
        data: dict[str, object] = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return data
