"""Prompt templates live in prompts/<name>.yaml and are loaded by name as langchain templates."""
from __future__ import annotations

from functools import lru_cache
from typing import Literal

import yaml
from langchain_core.prompts import ChatPromptTemplate, PromptTemplate
from pydantic import BaseModel

from tools.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"


class PromptSpec(BaseModel):
    name: str
    kind: Literal["completion", "chat"]
    input_variables: list[str]
    max_tokens: int = 64
    temperature: float = 0.2
    stop: list[str] = []
    template: str | None = None   # completion
    system: str | None = None     # chat
    human: str | None = None

    def completion(self) -> PromptTemplate:
        return PromptTemplate.from_template((self.template or "").rstrip())  # ends right after the cue

    def chat(self, system_in_user: bool = False) -> ChatPromptTemplate:
        """System and user messages; with `system_in_user` one user message that starts with the system text
        (chat templates such as Gemma's have no system role: llama-cpp-python's drops it)."""
        if system_in_user and self.system:
            return ChatPromptTemplate.from_messages([("human", f"{self.system}\n\n{self.human or ''}")])
        return ChatPromptTemplate.from_messages([("system", self.system or ""), ("human", self.human or "")])


@lru_cache(maxsize=None)
def load_prompt(name: str) -> PromptSpec:
    path = PROMPTS_DIR / f"{name}.yaml"
    spec = PromptSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    template = spec.completion() if spec.kind == "completion" else spec.chat()
    if sorted(template.input_variables) != sorted(spec.input_variables):
        raise ValueError(f"{path.name}: variables {template.input_variables} != {spec.input_variables}")
    return spec
