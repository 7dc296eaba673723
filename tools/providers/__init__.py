"""Model providers behind one interface (langchain-core): the embedded Gemma model and any
OpenAI-compatible server. `get_writer(backend)` returns a writer whose `write(product, features)`
gives raw sentences (validated later by tools.compliance.judge_sentence) or None; remote writers fall back
to the embedded one on timeout or error.
"""
from tools.providers.factory import BACKENDS, RawSentences, Writer, get_writer, writer_chain

__all__ = ["BACKENDS", "RawSentences", "Writer", "get_writer", "writer_chain"]
